package org.t3d.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A NaN in the data stops training with the iteration named, and the last good checkpoint survives intact. */
class NonFiniteLossTest {

    @Test
    void nanBatchStopsTrainingAndKeepsLastGoodCheckpoint(@TempDir Path tmp) throws Exception {
        DataSet data = TinyNets.data(24, 5); // 6 batches of 4, no shuffling: batch b holds examples 4b..4b+3
        data.getFeatures().get(NDArrayIndex.point(21)).putScalar(new long[] {0, 1, 2, 3}, Float.NaN); // batch 6
        TrainConfig config = TrainConfig.builder().epochs(2).seed(3).checkpointEvery(2)
                .optimizer(OptimizerConfig.builder().learningRate(0.01).build()).build();
        Trainer trainer = Trainer.builder(config).train(new InMemoryEpochData(data, 4, 0, false))
                .checkpointDir(tmp).build();

        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> trainer.fit(TinyNets.denseLayerNet()));
        assertEquals(6, e.iteration());
        assertEquals(0, e.epoch());
        assertTrue(e.getMessage().contains("iteration 6"), e.getMessage());
        assertEquals(tmp.resolve(Trainer.LAST), e.lastGoodCheckpoint());

        // The checkpoint of iteration 4 is intact, finite and loadable; no temporary files are left.
        Checkpoint cp = Checkpoints.read(tmp.resolve(Trainer.LAST));
        assertEquals(4, cp.state().iteration());
        assertEquals(4, cp.state().batch());
        float[] p = cp.graph().params().toFloatVector();
        for (float v : p) {
            assertTrue(Float.isFinite(v));
        }
        try (var files = Files.list(tmp)) {
            assertArrayEquals(new String[] {Trainer.LAST}, files.map(f -> f.getFileName().toString()).toArray());
        }
    }

    @Test
    void hugeLearningRateIsCaught(@TempDir Path tmp) {
        TrainConfig config = TrainConfig.builder().epochs(3).seed(3).checkpointEvery(1)
                .optimizer(OptimizerConfig.builder().learningRate(1e10).weightDecay(0).build()).build();
        Trainer trainer = Trainer.builder(config).train(new InMemoryEpochData(TinyNets.data(16, 6), 4, 1, true))
                .checkpointDir(tmp).build();
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> trainer.fit(TinyNets.denseLayerNet()));
        assertTrue(e.iteration() >= 1, e.getMessage());
        assertTrue(e.getMessage().contains("iteration " + e.iteration()), e.getMessage());
    }
}
