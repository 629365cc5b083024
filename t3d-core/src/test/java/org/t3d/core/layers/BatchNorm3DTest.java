package org.t3d.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.testutil.GraphHarness;

class BatchNorm3DTest {

    private static final double EPS = 1e-5;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static ComputationGraph graph(int c, BatchNorm3D.Activation act) {
        return GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, c, 3, 4, 5), (gb, in) -> {
            gb.addLayer("bn", BatchNorm3D.builder().channels(c).activation(act).build(), in.vertex());
            return new BlockOutput("bn", in.type());
        }, 3, DataType.DOUBLE);
    }

    /** Naive per-element reference for train-mode BN. */
    private static double[][] reference(INDArray x, INDArray gamma, INDArray beta) {
        long n = x.size(0), c = x.size(1), d = x.size(2), h = x.size(3), w = x.size(4);
        long cnt = n * d * h * w;
        double[] mean = new double[(int) c];
        double[] var = new double[(int) c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int a = 0; a < n; a++) for (int i = 0; i < d; i++) for (int j = 0; j < h; j++) for (int k = 0; k < w; k++) {
                s += x.getDouble(a, ch, i, j, k);
            }
            mean[ch] = s / cnt;
            double v = 0;
            for (int a = 0; a < n; a++) for (int i = 0; i < d; i++) for (int j = 0; j < h; j++) for (int k = 0; k < w; k++) {
                double e = x.getDouble(a, ch, i, j, k) - mean[ch];
                v += e * e;
            }
            var[ch] = v / cnt;
        }
        return new double[][] {mean, var};
    }

    @Test
    void trainModeMatchesNaiveReferenceAndUpdatesRunningStatsLikePyTorch() {
        int c = 4;
        ComputationGraph g = graph(c, BatchNorm3D.Activation.IDENTITY);
        Map<String, INDArray> p = g.getLayer("bn").paramTable();
        p.get("gamma").assign(Nd4j.rand(DataType.DOUBLE, 1, c).addi(0.5));
        p.get("beta").assign(Nd4j.rand(DataType.DOUBLE, 1, c).subi(0.5));
        INDArray runMean0 = Nd4j.rand(DataType.DOUBLE, 1, c);
        INDArray runVar0 = Nd4j.rand(DataType.DOUBLE, 1, c).addi(0.5);
        p.get("mean").assign(runMean0);
        p.get("var").assign(runVar0);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, c, 3, 4, 5).muli(2).addi(1);

        INDArray y = g.feedForward(new INDArray[] {x}, true, false).get("bn");
        double[][] mv = reference(x, p.get("gamma"), p.get("beta"));
        long cnt = 2 * 3 * 4 * 5;
        for (int ch = 0; ch < c; ch++) {
            double gam = p.get("gamma").getDouble(ch);
            double bet = p.get("beta").getDouble(ch);
            for (int i = 0; i < 3; i++) {
                double expected = (x.getDouble(1, ch, i, 2, 3) - mv[0][ch]) / Math.sqrt(mv[1][ch] + EPS) * gam + bet;
                assertEquals(expected, y.getDouble(1, ch, i, 2, 3), 1e-12);
            }
            // PyTorch: new = 0.9·old + 0.1·batch, unbiased variance in the running estimate
            assertEquals(0.9 * runMean0.getDouble(ch) + 0.1 * mv[0][ch], p.get("mean").getDouble(ch), 1e-12);
            assertEquals(0.9 * runVar0.getDouble(ch) + 0.1 * mv[1][ch] * cnt / (cnt - 1), p.get("var").getDouble(ch),
                    1e-12);
        }
    }

    @Test
    void inferenceUsesRunningStatsAndLeavesThemUnchanged() {
        int c = 3;
        ComputationGraph g = graph(c, BatchNorm3D.Activation.RELU);
        Map<String, INDArray> p = g.getLayer("bn").paramTable();
        p.get("mean").assign(Nd4j.createFromArray(0.1, -0.2, 0.3).reshape(1, c));
        p.get("var").assign(Nd4j.createFromArray(1.5, 0.7, 2.0).reshape(1, c));
        p.get("gamma").assign(Nd4j.createFromArray(1.2, 0.8, -1.0).reshape(1, c));
        p.get("beta").assign(Nd4j.createFromArray(0.05, -0.1, 0.2).reshape(1, c));
        INDArray before = g.params().dup();
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, c, 3, 4, 5);
        INDArray y = g.feedForward(new INDArray[] {x}, false, false).get("bn");
        assertEquals(before, g.params());
        for (int ch = 0; ch < c; ch++) {
            double pre = (x.getDouble(0, ch, 1, 1, 1) - p.get("mean").getDouble(ch))
                    / Math.sqrt(p.get("var").getDouble(ch) + EPS) * p.get("gamma").getDouble(ch)
                    + p.get("beta").getDouble(ch);
            assertEquals(Math.max(0, pre), y.getDouble(0, ch, 1, 1, 1), 1e-12);
        }
    }

    @ParameterizedTest
    @EnumSource(BatchNorm3D.Activation.class)
    void gradientCheckTrainMode(BatchNorm3D.Activation act) {
        int c = 3;
        ComputationGraph g = graph(c, act);
        Map<String, INDArray> p = g.getLayer("bn").paramTable();
        p.get("gamma").assign(Nd4j.rand(DataType.DOUBLE, 1, c).addi(0.5));
        p.get("beta").assign(Nd4j.rand(DataType.DOUBLE, 1, c).subi(0.5));
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, c, 3, 4, 5);
        assertTrue(GraphHarness.gradientCheck(g, x, GraphHarness.labels(2, 3)));
    }

    @Test
    void runningStatisticsAreNotTouchedByTheUpdater() {
        int c = 2;
        ComputationGraph g = GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, c, 2, 3, 3), (gb, in) -> {
            gb.addLayer("bn", BatchNorm3D.builder().channels(c).build(), in.vertex());
            return new BlockOutput("bn", in.type());
        }, 2, DataType.DOUBLE);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, c, 2, 3, 3).addi(3);
        // One train-mode forward tells us what the update must be.
        INDArray mean = x.mean(0, 2, 3, 4);
        g.fit(new INDArray[] {x}, new INDArray[] {GraphHarness.labels(3, 2)});
        INDArray runMean = g.getLayer("bn").paramTable().get("mean");
        for (int ch = 0; ch < c; ch++) {
            assertEquals(0.1 * mean.getDouble(ch), runMean.getDouble(ch), 1e-12,
                    "running mean must be exactly the momentum update, with nothing from the updater");
        }
    }

    @Test
    void epsMomentumAndActivationSurviveJson() throws Exception {
        BatchNorm3D bn = BatchNorm3D.builder().channels(4).eps(1e-3).momentum(0.3)
                .activation(BatchNorm3D.Activation.RELU).build();
        BnReluConv1x1 fused = BnReluConv1x1.builder().nIn(4).nOut(2).eps(2e-3).momentum(0.2).build();
        var json = org.deeplearning4j.nn.conf.NeuralNetConfiguration.mapper();
        BatchNorm3D bnBack = (BatchNorm3D) json.readValue(json.writeValueAsString(bn),
                org.deeplearning4j.nn.conf.layers.Layer.class);
        BnReluConv1x1 fusedBack = (BnReluConv1x1) json.readValue(json.writeValueAsString(fused),
                org.deeplearning4j.nn.conf.layers.Layer.class);
        assertEquals(1e-3, bnBack.getEps());
        assertEquals(0.3, bnBack.getMomentum());
        assertEquals(BatchNorm3D.Activation.RELU, bnBack.getActivation());
        assertEquals(bn, bnBack);
        assertEquals(2e-3, fusedBack.getEps());
        assertEquals(0.2, fusedBack.getMomentum());
        assertEquals(fused, fusedBack);
        assertNotEquals(bn, BatchNorm3D.builder().channels(4).eps(1e-3).momentum(0.1)
                .activation(BatchNorm3D.Activation.RELU).build());
    }

    @Test
    void wrongRankAndChannelsNameTheLayerAndShapes() {
        ComputationGraph g = graph(3, BatchNorm3D.Activation.IDENTITY);
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> g.output(Nd4j.randn(DataType.DOUBLE, 2, 3, 4, 5)));
        assertTrue(rank.getMessage().contains("'bn'") && rank.getMessage().contains("[2, 3, 4, 5]")
                && rank.getMessage().contains("rank 5"), rank.getMessage());
        IllegalArgumentException ch = assertThrows(IllegalArgumentException.class,
                () -> g.output(Nd4j.randn(DataType.DOUBLE, 2, 5, 3, 4, 5)));
        assertTrue(ch.getMessage().contains("'bn'") && ch.getMessage().contains("[2, 5, 3, 4, 5]")
                && ch.getMessage().contains("3 channels"), ch.getMessage());
    }
}
