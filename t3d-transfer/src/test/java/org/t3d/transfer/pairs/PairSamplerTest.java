package org.t3d.transfer.pairs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.t3d.data.video.DecodeOptions;
import org.t3d.transfer.testutil.TestVideos;

/** Pair sampling on videos the test writes: balance, positives/negatives, determinism, lists. */
class PairSamplerTest {

    @TempDir
    static Path dir;

    @Test
    void balancedDeterministicPairs() throws Exception {
        List<Path> videos = TestVideos.write(dir, 6, 20, 40, 1);
        assertEquals(videos, VideoList.of(dir));
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "# unlabelled\nvideo_001.avi 3\n\nvideo_004.avi\n");
        assertEquals(List.of(videos.get(1), videos.get(4)), VideoList.of(list));

        PairConfig cfg = PairConfig.builder().frames(4).clipFrames(8).frameStride(2).size(32).resizeShortSide(36)
                .pairsPerBatch(6).seed(9).build();
        PairSampler s = new PairSampler(videos, cfg, DecodeOptions.DEFAULTS);
        assertEquals(2, s.batchesPerEpoch());
        MultiDataSet b = s.batch(0, 1);
        INDArray frames = b.getFeatures(0);
        INDArray clip = b.getFeatures(1);
        assertArrayEquals(new long[] {6, 3, 4, 32, 32}, frames.shape());
        assertArrayEquals(new long[] {6, 3, 8, 32, 32}, clip.shape());
        INDArray labels = b.getLabels(0);
        assertEquals(3.0, labels.getColumn(1).sumNumber().doubleValue());
        assertEquals(3.0, labels.getColumn(0).sumNumber().doubleValue());
        // Positives: the teacher frames are clip frames 0, 2, 5, 7 (uniform over the clip), same crop.
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, labels.getDouble(i, 1));
            int[] pos = {0, 2, 5, 7};
            for (int j = 0; j < 4; j++) {
                assertEquals(clip.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(pos[j])),
                        frames.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(j)));
            }
            // Negative i: same clip, teacher frames of the next clip (another video).
            assertEquals(clip.slice(i), clip.slice(3 + i));
            assertEquals(frames.slice((i + 1) % 3), frames.slice(3 + i));
            assertNotEquals(frames.slice(i), frames.slice(3 + i));
        }
        // Deterministic from (seed, epoch, batch); epochs differ.
        MultiDataSet again = new PairSampler(videos, cfg, DecodeOptions.DEFAULTS).batch(0, 1);
        assertEquals(clip, again.getFeatures(1));
        assertEquals(frames, again.getFeatures(0));
        assertNotEquals(clip, s.batch(1, 1).getFeatures(1));
        // The iterator yields the same batches, skipping as asked.
        var it = s.open(0, 1);
        assertEquals(clip, it.next().getFeatures(1));
        assertEquals(false, it.hasNext());

        assertThrows(IllegalArgumentException.class, () -> new PairSampler(videos.subList(0, 1), cfg,
                DecodeOptions.DEFAULTS));
    }
}
