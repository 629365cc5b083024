package org.t3d.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.config.Sgd;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.blocks.DenseBlock3D;
import org.t3d.core.blocks.DenseLayer3D;
import org.t3d.core.testutil.GraphHarness;

/**
 * {@link FusedGraphUpdater} against DL4J's own {@link ComputationGraphUpdater}: the same parameters and updater
 * state after several steps (up to float rounding) for every supported updater and regularisation, an unchanged
 * DL4J path for the unsupported ones, and the fast regularisation score against DL4J's formula.
 */
class FusedGraphUpdaterTest {

    /** Two-layer dense block (BN running statistics split the updater blocks), no dropout. */
    private static ComputationGraph net(boolean memoryEfficient) {
        DenseBlock3D block = new DenseBlock3D(2,
                DenseLayer3D.builder().growthRate(4).bnSize(2).dropRate(0).memoryEfficient(memoryEfficient).build());
        return GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, 3, 4, 8, 8),
                (g, in) -> block.append(g, "block1", in), 3, DataType.FLOAT);
    }

    private static OptimizerConfig optimizer(String variant) {
        OptimizerConfig.Builder b = OptimizerConfig.builder().learningRate(0.05).weightDecay(1e-2);
        return switch (variant) {
            case "nesterov-wd" -> b.decayMode(OptimizerConfig.DecayMode.DECOUPLED)
                    .schedule(LrSchedule.cosine(0.1).withWarmup(0.5)).build();
            case "nesterov-l2" -> b.decayMode(OptimizerConfig.DecayMode.L2).build();
            case "nesterov-nodecay" -> b.weightDecay(0).build();
            case "adam" -> b.kind(OptimizerConfig.Kind.ADAM).build();
            case "clipped" -> b.clipping(OptimizerConfig.Clipping.ELEMENT_WISE, 0.01).build();
            default -> throw new IllegalArgumentException(variant);
        };
    }

    /** Trains a copy of {@code init} for {@code steps} steps with the given updater installed. */
    private static ComputationGraph train(ComputationGraph init, OptimizerConfig opt, boolean fused, int steps) {
        ComputationGraph g = OptimizerInstaller.install(init, opt, 4, 2);
        if (fused) {
            FusedGraphUpdater.install(g);
        } else {
            g.setUpdater(new ComputationGraphUpdater(g));
        }
        for (int s = 0; s < steps; s++) {
            DataSet d = TinyNets.data(4, 100 + s);
            g.fit(d);
        }
        return g;
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nesterov-wd", "nesterov-l2", "nesterov-nodecay"})
    void matchesDl4jUpdater(String variant) {
        for (boolean me : new boolean[] {false, true}) {
            ComputationGraph init = net(me);
            int steps = 5;
            ComputationGraph ref = train(init, optimizer(variant), false, steps);
            ComputationGraph fused = train(init, optimizer(variant), true, steps);
            FusedGraphUpdater u = (FusedGraphUpdater) fused.getUpdater();
            assertTrue(u.fused(), "fast path must apply to " + variant);
            assertEquals(steps, u.fusedSteps());
            assertFalse(ref.getUpdater() instanceof FusedGraphUpdater);

            double moved = maxAbsDiff(ref.params(), init.params());
            double diff = maxAbsDiff(ref.params(), fused.params());
            assertTrue(moved > 1e-3, "training must move the parameters, moved " + moved);
            assertTrue(diff < 1e-5 * Math.max(1, moved) , variant + " (memory-efficient " + me
                    + "): parameters differ by " + diff + " after moving " + moved);
            INDArray sr = ref.getUpdater().getStateViewArray();
            INDArray sf = fused.getUpdater().getStateViewArray();
            assertEquals(sr.length(), sf.length());
            if (sr.length() > 0) {
                double stateMag = sr.castTo(DataType.DOUBLE).amaxNumber().doubleValue();
                assertTrue(stateMag > 0, "momentum must be non-zero");
                assertTrue(maxAbsDiff(sr, sf) < 1e-5 * Math.max(1, stateMag), "updater state differs by "
                        + maxAbsDiff(sr, sf));
            }
            assertEquals(ref.score(), fused.score(), 1e-4 * Math.abs(ref.score()), "score");
        }
    }

    @Test
    void plainSgdMatches() {
        ComputationGraph init = net(false);
        ComputationGraph ref = init.clone();
        ComputationGraph fused = init.clone();
        for (ComputationGraph g : List.of(ref, fused)) {
            g.getConfiguration().getVertices().values().forEach(v -> {
                if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                        && lv.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer bl) {
                    bl.setIUpdater(new Sgd(0.1));
                }
            });
        }
        ref = rebuild(ref);
        fused = rebuild(fused);
        ref.setUpdater(new ComputationGraphUpdater(ref));
        FusedGraphUpdater u = FusedGraphUpdater.install(fused);
        for (int s = 0; s < 3; s++) {
            DataSet d = TinyNets.data(4, 7 + s);
            ref.fit(d);
            fused.fit(d);
        }
        assertTrue(u.fused());
        assertEquals(3, u.fusedSteps());
        double moved = maxAbsDiff(ref.params(), init.params());
        assertTrue(moved > 1e-3);
        assertTrue(maxAbsDiff(ref.params(), fused.params()) < 1e-5, "SGD parameters differ");
    }

    private static ComputationGraph rebuild(ComputationGraph g) {
        ComputationGraph out = new ComputationGraph(g.getConfiguration());
        out.init(g.params().dup(), false);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "clipped"})
    void unsupportedConfigurationsRunDl4jUnchanged(String variant) {
        ComputationGraph init = net(false);
        ComputationGraph ref = train(init, optimizer(variant), false, 3);
        ComputationGraph fused = train(init, optimizer(variant), true, 3);
        FusedGraphUpdater u = (FusedGraphUpdater) fused.getUpdater();
        assertFalse(u.fused(), variant + " must fall back to DL4J's updater");
        assertEquals(0, u.fusedSteps());
        ExactResumeTest.assertExactlyEqual(ref.params(), fused.params(), variant + " parameters");
    }

    @Test
    void installKeepsExistingStateAndIsIdempotent() {
        ComputationGraph g = train(net(false), optimizer("nesterov-wd"), false, 2);
        INDArray before = g.getUpdater().getStateViewArray().dup();
        FusedGraphUpdater u = FusedGraphUpdater.install(g);
        assertSame(u, FusedGraphUpdater.install(g));
        ExactResumeTest.assertExactlyEqual(before, u.getStateViewArray(), "state carried over");
        g.fit(TinyNets.data(4, 3));
        assertEquals(1, u.fusedSteps());
        assertTrue(maxAbsDiff(before, u.getStateViewArray()) > 0, "the step must update the carried-over state");
    }

    @Test
    void regularizationScoreMatchesDl4jFormula() {
        ComputationGraph g = OptimizerInstaller.install(net(false), optimizer("nesterov-wd"), 4, 2);
        double expected = 0;
        int decayed = 0;
        for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
            for (Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
                List<Regularization> regs = l.conf().getLayer().getRegularizationByParam(e.getKey());
                if (regs != null) {
                    for (Regularization r : regs) {
                        expected += r.score(e.getValue(), 0, 0);
                        decayed++;
                    }
                }
            }
        }
        assertTrue(decayed >= 5 && expected > 0, "the net must have decayed weights");
        assertEquals(expected, g.calcRegularizationScore(true), 1e-5 * expected);
    }
}
