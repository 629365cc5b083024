package org.t3d.data.iterator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.dataset.FolderIndex;
import org.t3d.data.dataset.VideoSample;
import org.t3d.data.sampling.DenseClipSampler;
import org.t3d.data.sampling.LoopPadding;
import org.t3d.data.sampling.RandomClipSampler;
import org.t3d.data.sampling.UniformClipSampler;
import org.t3d.data.testutil.SyntheticVideos;
import org.t3d.data.transform.CropMode;
import org.t3d.data.transform.Normalization;
import org.t3d.data.transform.TransformConfig;
import org.t3d.data.video.FrameIndex;

/** Iterators over a synthetic folder dataset whose pixels encode the frame index. */
class IteratorTest {
    @TempDir
    static Path root;
    static DatasetIndex index;

    /** Short side 16, centre 12x12 crop, values 0..255: the R and G channels still encode the frame index. */
    static final TransformConfig RAW_CENTRE = TransformConfig.builder().shortSide(16).cropSize(12)
            .cropMode(CropMode.CENTER).normalization(Normalization.NONE).build();

    @BeforeAll
    static void writeDataset() throws Exception {
        int[][] lengths = {{40, 25, 6}, {33, 300}};
        for (int c = 0; c < lengths.length; c++) {
            Path dir = Files.createDirectories(root.resolve("class" + c));
            for (int v = 0; v < lengths[c].length; v++) {
                SyntheticVideos.writeLossless(dir.resolve("v" + v + ".mkv"), lengths[c][v], 20, 16, 25);
            }
        }
        index = FolderIndex.load(root);
    }

    private static ClipIteratorConfig.Builder base() {
        return ClipIteratorConfig.builder().sampler(new RandomClipSampler(8, 2)).transform(RAW_CENTRE).batchSize(2)
                .workers(2).seed(11);
    }

    private static int frameAt(INDArray f, int n, int t) {
        return Math.round(f.getFloat(n, 0, t, 5, 5)) + 256 * Math.round(f.getFloat(n, 1, t, 5, 5));
    }

    private static List<VideoClipDataSet> epoch(VideoClipDataSetIterator it) {
        List<VideoClipDataSet> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add((VideoClipDataSet) it.next());
        }
        return out;
    }

    @Test
    void batchesAreNcdhwWithOneHotLabelsAndExactFrames() {
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(index, base().build())) {
            List<VideoClipDataSet> batches = epoch(it);
            assertEquals(3, batches.size());
            int examples = 0;
            List<String> ids = new ArrayList<>();
            for (VideoClipDataSet ds : batches) {
                INDArray f = ds.getFeatures();
                assertEquals(DataType.FLOAT, f.dataType());
                assertEquals(5, f.rank());
                assertArrayEquals(new long[] {3, 8, 12, 12}, java.util.Arrays.copyOfRange(f.shape(), 1, 5));
                assertArrayEquals(new long[] {f.size(0), 2}, ds.getLabels().shape());
                assertEquals(ds.clipInfos(), ds.getExampleMetaData(ClipInfo.class));
                for (int n = 0; n < f.size(0); n++) {
                    ClipInfo info = ds.clipInfos().get(n);
                    assertEquals(1f, ds.getLabels().getFloat(n, info.label()));
                    assertEquals(1f, ds.getLabels().getRow(n).sumNumber().floatValue());
                    int[] frames = info.frameIndices();
                    for (int t = 0; t < 8; t++) {
                        assertEquals(frames[t], frameAt(f, n, t), info + " t=" + t);
                    }
                    VideoSample s = index.samples().get(info.videoIndex());
                    assertEquals(s.id(), info.videoId());
                    examples++;
                }
                ids.addAll(ds.videoIds());
            }
            assertEquals(5, examples);
            assertEquals(5, ids.stream().distinct().count());
        }
    }

    @Test
    void shortVideosAreLoopPaddedInBatches() {
        VideoSample shortOne = index.samples().stream().filter(s -> s.id().endsWith("class0/v2.mkv")).findFirst()
                .orElseThrow();
        DatasetIndex one = new DatasetIndex("short", index.classes(), List.of(shortOne), List.of());
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(one, base().build())) {
            VideoClipDataSet ds = (VideoClipDataSet) it.next();
            assertArrayEquals(LoopPadding.indices(0, 8, 2, 6), ds.clipInfos().get(0).frameIndices());
            for (int t = 0; t < 8; t++) {
                assertEquals(new int[] {0, 2, 4, 0, 2, 4, 0, 2}[t], frameAt(ds.getFeatures(), 0, t));
            }
        }
    }

    @Test
    void deterministicAcrossThreadCountsAndEpochsAreReplayable() {
        List<VideoClipDataSet> one;
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(index, base().workers(1).build())) {
            one = epoch(it);
        }
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(index, base().workers(2).prefetch(5).build())) {
            List<VideoClipDataSet> two = epoch(it);
            assertEquals(one.size(), two.size());
            for (int b = 0; b < one.size(); b++) {
                assertEquals(one.get(b).getFeatures(), two.get(b).getFeatures(), "batch " + b);
                assertEquals(one.get(b).clipInfos(), two.get(b).clipInfos());
            }
            it.reset();
            assertEquals(1, it.epoch());
            List<VideoClipDataSet> next = epoch(it);
            boolean differs = false;
            for (int b = 0; b < next.size(); b++) {
                differs |= !next.get(b).clipInfos().equals(one.get(b).clipInfos());
            }
            assertTrue(differs, "epoch 1 should reshuffle or resample");
            it.setEpoch(0);
            List<VideoClipDataSet> replay = epoch(it);
            for (int b = 0; b < one.size(); b++) {
                assertEquals(one.get(b).getFeatures(), replay.get(b).getFeatures(), "replayed batch " + b);
            }
        }
    }

    @Test
    void setEpochWithSkippedVideosResumesAnEpochWithoutDecodingItsStart() throws Exception {
        ClipIteratorConfig cfg = base().batchSize(1).build();
        List<VideoClipDataSet> full;
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(index, cfg)) {
            it.setEpoch(1);
            full = epoch(it);
        }
        assertEquals(5, full.size());
        Path missing = root.resolve("gone.mkv");
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(index, cfg)) {
            it.setEpoch(1, 2);
            List<VideoClipDataSet> rest = epoch(it);
            assertEquals(3, rest.size());
            for (int b = 0; b < rest.size(); b++) {
                assertEquals(full.get(b + 2).clipInfos(), rest.get(b).clipInfos(), "batch " + (b + 2));
                assertEquals(full.get(b + 2).getFeatures(), rest.get(b).getFeatures(), "batch " + (b + 2));
            }
            it.reset(); // the next epoch is whole again
            assertEquals(2, it.epoch());
            assertEquals(5, epoch(it).size());
            assertThrows(IllegalArgumentException.class, () -> it.setEpoch(0, 6));
            assertThrows(IllegalArgumentException.class, () -> it.setEpoch(0, -1));
        }
        // the skipped videos are never opened: a skipped video that no longer exists does no harm
        List<VideoSample> samples = new ArrayList<>(index.samples());
        samples.add(0, VideoSample.of("gone.mkv", missing, 0));
        DatasetIndex withMissing = new DatasetIndex("with missing", index.classes(), samples, List.of());
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(withMissing, cfg.toBuilder().shuffle(false)
                .build())) {
            it.setEpoch(0, 1);
            assertEquals(5, epoch(it).size());
        }
    }

    @Test
    void videoIdProviderGivesOneIdPerVideoForAllItsClipsAndCrops() {
        TransformConfig three = RAW_CENTRE.toBuilder().cropMode(CropMode.THREE_CROP).build();
        ClipIteratorConfig cfg = base().sampler(new DenseClipSampler(32, 1)).transform(three).batchSize(100)
                .shuffle(false).build();
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(index, cfg)) {
            MultiDataSet batch = it.next().toMultiDataSet();
            List<String> ids = VideoClipDataSet.videoIdProvider().videoIds(batch);
            assertEquals(48, ids.size()); // 16 dense clips x 3 crops
            assertEquals(index.samples().stream().map(VideoSample::id).toList(), ids.stream().distinct().toList());
            assertEquals(3 * 10, ids.stream().filter(id -> id.endsWith("class1/v1.mkv")).count());
        }
        org.nd4j.linalg.dataset.MultiDataSet plain = new org.nd4j.linalg.dataset.MultiDataSet(
                org.nd4j.linalg.factory.Nd4j.zeros(1, 3), org.nd4j.linalg.factory.Nd4j.zeros(1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoClipDataSet.videoIdProvider().videoIds(plain));
        assertTrue(e.getMessage().contains("ClipInfo"), e.getMessage());
    }

    @Test
    void multiClipMultiCropExamplesCarryTheirVideoId() {
        TransformConfig three = RAW_CENTRE.toBuilder().cropMode(CropMode.THREE_CROP).build();
        ClipIteratorConfig cfg = base().sampler(new UniformClipSampler(2, 4, 1)).transform(three).batchSize(6)
                .shuffle(false).build();
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(index, cfg)) {
            VideoClipDataSet ds = (VideoClipDataSet) it.next();
            assertEquals(6, ds.numExamples());
            assertEquals(1, ds.videoIds().stream().distinct().count(), ds.videoIds().toString());
            assertEquals(List.of(0, 0, 0, 1, 1, 1), ds.clipInfos().stream().map(ClipInfo::clipIndex).toList());
            assertEquals(List.of(0, 1, 2, 0, 1, 2), ds.clipInfos().stream().map(ClipInfo::viewIndex).toList());
        }
        ClipIteratorConfig dense = base().sampler(new DenseClipSampler(32, 1)).shuffle(false).batchSize(100).build();
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(index, dense)) {
            VideoClipDataSet ds = (VideoClipDataSet) it.next();
            // ceil(n/32) clips per video: 40 -> 2, 25 -> 1, 6 -> 1, 33 -> 2, 300 -> 10
            assertEquals(16, ds.numExamples());
            assertFalse(it.hasNext());
        }
    }

    @Test
    void aBrokenVideoReachesTheCallerWithItsNameOrIsSkipped() throws Exception {
        Path bad = Files.writeString(root.resolve("broken.mp4"), "this is not a video");
        List<VideoSample> samples = new ArrayList<>(index.samples());
        samples.add(1, VideoSample.of("broken.mp4", bad, 0));
        DatasetIndex withBad = new DatasetIndex("with bad", index.classes(), samples, List.of());
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(withBad, base().shuffle(false).build())) {
            DataLoadingException e = assertThrows(DataLoadingException.class, () -> epoch(it));
            assertTrue(e.getMessage().contains("broken.mp4"), e.getMessage());
            assertEquals(bad, e.path());
        }
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(withBad,
                base().onError(FailurePolicy.SKIP).build())) {
            int n = 0;
            for (VideoClipDataSet ds : epoch(it)) {
                n += ds.numExamples();
            }
            assertEquals(5, n);
        }
    }

    @Test
    void segmentsRestrictTheFrameRange() {
        long[] pts = new long[100];
        for (int i = 0; i < 100; i++) {
            pts[i] = 40000L * i + 80000;
        }
        FrameIndex idx = FrameIndex.of(pts, new boolean[100]);
        VideoSample s = new VideoSample("x", Path.of("x.mp4"), 0, 1.0, 2.0);
        assertArrayEquals(new int[] {25, 50}, ClipLoader.frameRange(s, idx));
        assertArrayEquals(new int[] {0, 100}, ClipLoader.frameRange(VideoSample.of("x", Path.of("x"), 0), idx));
        assertArrayEquals(new int[] {99, 100},
                ClipLoader.frameRange(new VideoSample("x", Path.of("x.mp4"), 0, 50, 60), idx));
    }

    @Test
    void framePairsGiveXFrameInputsAndAClipInput() {
        PairSampler positives = new PairSampler() {
            @Override
            public int numItems() {
                return index.size();
            }

            @Override
            public List<PairSpec> pairs(int item, PairContext ctx) throws org.t3d.data.video.VideoDecodeException {
                VideoSample v = ctx.index().samples().get(item);
                VideoSample other = ctx.index().samples().get((item + 1) % ctx.index().size());
                int n = ctx.frameCount(v);
                int[] clip = LoopPadding.indices(ctx.random().nextInt(n), 4, 1, n);
                return List.of(new PairSpec(v, new int[] {clip[0], clip[3]}, v, clip, new float[] {1}),
                        new PairSpec(other, new int[] {0, 1}, v, clip, new float[] {0}));
            }
        };
        TransformConfig frames = RAW_CENTRE.toBuilder().shortSide(14).cropSize(10).build();
        try (FramePairMultiDataSetIterator it = new FramePairMultiDataSetIterator(index, positives, frames, RAW_CENTRE,
                base().batchSize(4).build())) {
            int batches = 0;
            while (it.hasNext()) {
                MultiDataSet m = it.next();
                batches++;
                assertEquals(3, m.numFeatureArrays());
                long n = m.getFeatures(0).size(0);
                assertArrayEquals(new long[] {n, 3, 10, 10}, m.getFeatures(0).shape());
                assertArrayEquals(new long[] {n, 3, 10, 10}, m.getFeatures(1).shape());
                assertArrayEquals(new long[] {n, 3, 4, 12, 12}, m.getFeatures(2).shape());
                assertArrayEquals(new long[] {n, 1}, m.getLabels(0).shape());
                INDArray clip = m.getFeatures(2);
                for (int e = 0; e < n; e++) {
                    ClipInfo info = (ClipInfo) m.getExampleMetaData().get(e);
                    assertEquals(info.frameIndices()[0], frameAt(clip, e, 0));
                    if (m.getLabels(0).getFloat(e, 0) == 1f) {
                        float r = m.getFeatures(0).getFloat(e, 0, 4, 4);
                        assertEquals(info.frameIndices()[0] & 0xFF, Math.round(r), "positive pair frame 0");
                    }
                }
            }
            assertEquals(3, batches); // 10 pairs in batches of 4
            it.reset();
            assertTrue(it.hasNext());
        }
    }
}
