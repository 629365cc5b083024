package org.t3d.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A run killed at an arbitrary step and resumed from its last checkpoint ends with exactly (bit for bit) the
 * weights, updater state and history of an uninterrupted run with the same seed.
 */
class ExactResumeTest {

    private static final int EPOCHS = 3;

    private static TrainConfig config() {
        return config(true);
    }

    /** @param clipped with gradient clipping (DL4J's updater) or without (the fused updater's pass) */
    private static TrainConfig config(boolean clipped) {
        OptimizerConfig.Builder o = OptimizerConfig.builder().learningRate(0.05).weightDecay(1e-3)
                .schedule(LrSchedule.cosine(0.1).withWarmup(0.5));
        if (clipped) {
            o.clipping(OptimizerConfig.Clipping.L2_PER_PARAM_TYPE, 5);
        } else {
            o.decayMode(OptimizerConfig.DecayMode.DECOUPLED);
        }
        return TrainConfig.builder().epochs(EPOCHS).seed(7).checkpointEvery(4).optimizer(o.build()).build();
    }

    private static Trainer trainer(DataSet data, DataSet val, Path dir, TrainListener l) {
        return trainer(config(), data, val, dir, l);
    }

    private static Trainer trainer(TrainConfig config, DataSet data, DataSet val, Path dir, TrainListener l) {
        Trainer.Builder b = Trainer.builder(config)
                .train(new InMemoryEpochData(data, 4, 7, true))
                .validator(new ClassificationValidator(new InMemoryEpochData(val, 8, 0, false)))
                .checkpointDir(dir).metadata("model", "tiny");
        if (l != null) {
            b.listener(l);
        }
        return b.build();
    }

    /** Thrown by the listener to simulate a kill. */
    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @ParameterizedTest(name = "clipped={0}")
    @ValueSource(booleans = {true, false})
    void resumedRunEqualsUninterruptedRun(boolean clipped, @TempDir Path tmp) {
        DataSet data = TinyNets.data(22, 1); // 6 batches per epoch, the last one of 2 examples
        DataSet val = TinyNets.data(9, 2);
        ComputationGraph init = TinyNets.denseLayerNet();
        TrainConfig config = config(clipped);

        TrainResult full = trainer(config, data, val, tmp.resolve("full"), null).fit(init);
        assertEquals(EPOCHS * 6, full.iterations());
        FusedGraphUpdater u = (FusedGraphUpdater) full.graph().getUpdater();
        assertEquals(clipped ? 0 : EPOCHS * 6, u.fusedSteps(), "steps on the fused updater's pass");

        for (long killAt : new long[] {11, 6}) { // mid-epoch (last checkpoint at 8) and at an epoch end
            Path dir = tmp.resolve("killed" + killAt);
            AtomicLong seen = new AtomicLong();
            TrainListener killer = new TrainListener() {
                @Override
                public void onIteration(IterationInfo step) {
                    seen.set(step.iteration());
                    if (step.iteration() == killAt) {
                        throw new Killed();
                    }
                }
            };
            assertThrows(Killed.class, () -> trainer(config, data, val, dir, killer).fit(TinyNets.denseLayerNet()));
            assertEquals(killAt, seen.get());

            // Fresh objects: new trainer, network restored from the file.
            TrainResult resumed = trainer(config, data, val, dir, null).resume(dir.resolve(Trainer.LAST));
            assertEquals(full.iterations(), resumed.iterations());
            assertExactlyEqual(full.graph().params(), resumed.graph().params(), "parameters (kill at " + killAt + ")");
            assertExactlyEqual(full.graph().getUpdater().getStateViewArray(),
                    resumed.graph().getUpdater().getStateViewArray(), "updater state (kill at " + killAt + ")");
            assertEquals(full.history().size(), resumed.history().size());
            for (int e = 0; e < EPOCHS; e++) {
                assertEquals(full.history().get(e).trainLoss(), resumed.history().get(e).trainLoss(), 0.0);
                assertEquals(full.history().get(e).valAccuracy(), resumed.history().get(e).valAccuracy(), 0.0);
            }
        }
    }

    @Test
    void negativeControlResumeWithOtherDataOrderDiffers(@TempDir Path tmp) {
        DataSet data = TinyNets.data(22, 1);
        DataSet val = TinyNets.data(9, 2);
        TrainResult full = trainer(data, val, tmp.resolve("full"), null).fit(TinyNets.denseLayerNet());
        Path dir = tmp.resolve("killed");
        assertThrows(Killed.class, () -> trainer(data, val, dir, new TrainListener() {
            @Override
            public void onIteration(IterationInfo step) {
                if (step.iteration() == 9) {
                    throw new Killed();
                }
            }
        }).fit(TinyNets.denseLayerNet()));
        TrainResult other = Trainer.builder(config()).train(new InMemoryEpochData(data, 4, 8, true))
                .build().resume(dir.resolve(Trainer.LAST));
        float[] a = full.graph().params().toFloatVector();
        float[] b = other.graph().params().toFloatVector();
        assertTrue(!java.util.Arrays.equals(a, b), "a different data order must change the weights");
    }

    @Test
    void checkpointHoldsStateAndCounters(@TempDir Path tmp) throws Exception {
        DataSet data = TinyNets.data(8, 3);
        TrainConfig c = config().withEpochs(1);
        TrainResult r = Trainer.builder(c).train(new InMemoryEpochData(data, 4, 7, true)).checkpointDir(tmp)
                .metadata("labels", "[\"a\",\"b\",\"c\"]").build().fit(TinyNets.denseLayerNet());
        Checkpoint cp = Checkpoints.read(r.lastCheckpoint());
        assertEquals(1, cp.state().epoch());
        assertEquals(0, cp.state().batch());
        assertEquals(2, cp.state().iteration());
        assertEquals(2, cp.graph().getConfiguration().getIterationCount());
        assertEquals(1, cp.graph().getConfiguration().getEpochCount());
        assertEquals(c, cp.state().config());
        assertEquals("[\"a\",\"b\",\"c\"]", cp.state().metadata().get("labels"));
        assertExactlyEqual(r.graph().params(), cp.graph().params(), "restored parameters");
        assertTrue(cp.graph().getUpdater().getStateViewArray().length() > 0);
    }

    static void assertExactlyEqual(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.length(), actual.length(), what + ": length");
        float[] a = expected.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatVector();
        float[] b = actual.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatVector();
        int diff = 0;
        int first = -1;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
                diff++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        assertEquals(0, diff, what + ": " + diff + " of " + a.length + " values differ, first at " + first
                + (first >= 0 ? " (" + a[first] + " vs " + b[first] + ")" : ""));
    }
}
