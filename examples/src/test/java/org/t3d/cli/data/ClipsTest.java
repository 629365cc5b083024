package org.t3d.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.t3d.cli.demo.SyntheticMotionDataset;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.iterator.ClipInfo;
import org.t3d.data.transform.CropMode;
import org.t3d.data.transform.Normalization;

/** Training batches (resume inside an epoch) and dense test clips × crops on real video files. */
class ClipsTest {

    @TempDir
    static Path tmp;
    static DatasetIndex videos;
    static final Preprocessing PRE = new Preprocessing(4, 1, 0, 12, Normalization.IMAGENET);

    @BeforeAll
    static void writeVideos() {
        videos = new SyntheticMotionDataset(16, 10, 4, 1).generate(tmp, "train", 1, 5); // 4 videos of 10 frames
    }

    private static List<MultiDataSet> all(MultiDataSetIterator it) {
        List<MultiDataSet> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    private static List<String> ids(List<MultiDataSet> batches) {
        List<String> ids = new ArrayList<>();
        for (MultiDataSet b : batches) {
            b.getExampleMetaData().forEach(m -> ids.add(((ClipInfo) m).videoId()));
        }
        return ids;
    }

    @Test
    void trainingEpochsVisitEveryVideoKTimesAndResumeInsideAnEpochExactly() {
        try (TrainingClips data = new TrainingClips(videos, PRE, PRE.trainingTransform(CropMode.RANDOM, 0.5), 2, 3,
                7, 2)) {
            assertEquals(3, data.batchesPerEpoch()); // 4 videos x 2 clips in batches of 3
            List<MultiDataSet> first = all(data.open(0, 0));
            assertEquals(3, first.size());
            assertArrayEquals(new long[] {3, 3, 4, 12, 12}, first.get(0).getFeatures(0).shape());
            Map<String, Integer> visits = new TreeMap<>();
            ids(first).forEach(id -> visits.merge(id, 1, Integer::sum));
            assertEquals(Map.of("train/down/train_down_000.avi", 2, "train/left/train_left_000.avi", 2,
                    "train/right/train_right_000.avi", 2, "train/up/train_up_000.avi", 2), visits);

            List<MultiDataSet> epoch1 = all(data.open(1, 0));
            assertNotEquals(first.get(0).getFeatures(0), epoch1.get(0).getFeatures(0), "a new epoch, new clips");
            List<MultiDataSet> resumed = all(data.open(1, 1));
            assertEquals(2, resumed.size());
            for (int b = 0; b < 2; b++) {
                assertEquals(epoch1.get(b + 1).getFeatures(0), resumed.get(b).getFeatures(0), "batch " + (b + 1));
                assertEquals(epoch1.get(b + 1).getLabels(0), resumed.get(b).getLabels(0));
                assertEquals(epoch1.get(b + 1).getExampleMetaData(), resumed.get(b).getExampleMetaData());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new TrainingClips(videos, PRE,
                PRE.testTransform(CropMode.THREE_CROP), 1, 2, 7, 1));
    }

    @Test
    void testClipsAreDenseClipsTimesCropsInIndexOrderAndRepeatable() {
        try (TestClips clips = new TestClips(videos, PRE, TestCrops.THREE, 5, 2)) {
            List<MultiDataSet> pass = all(clips.iterator());
            List<String> ids = ids(pass);
            assertEquals(4 * 3 * 3, ids.size()); // 10 frames: 3 clips of 4 (last loop-padded), x 3 crops
            assertEquals(videos.samples().stream().map(s -> s.id()).toList(), ids.stream().distinct().toList());
            List<String> fromProvider = new ArrayList<>();
            pass.forEach(b -> fromProvider.addAll(clips.videoIds().videoIds(b)));
            assertEquals(ids, fromProvider);
            ClipInfo last = (ClipInfo) pass.get(pass.size() - 1).getExampleMetaData().get(0);
            assertEquals(2, last.viewIndex());
            assertArrayEquals(new int[] {8, 9, 8, 9}, last.frameIndices());
            List<MultiDataSet> again = all(clips.asEpochData().open(3, 0));
            assertEquals(pass.size(), again.size());
            for (int b = 0; b < pass.size(); b++) {
                assertEquals(pass.get(b).getFeatures(0), again.get(b).getFeatures(0));
            }
        }
    }
}
