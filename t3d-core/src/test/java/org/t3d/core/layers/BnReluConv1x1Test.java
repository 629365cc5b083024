package org.t3d.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.testutil.GraphHarness;

/**
 * The fused BN → ReLU → Conv1×1×1 layer: gradients (GradientCheckUtil in train mode, and central differences on the
 * layer itself in train and inference mode), equality with the unfused {@link BatchNorm3D} + {@code Convolution3D}
 * pair, running statistics, and errors.
 */
class BnReluConv1x1Test {

    private static final int CIN = 3;
    private static final int COUT = 4;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(11);
    }

    /** input → pre (1×1×1 conv, tanh, so that the fused layer's input gradient is checked) → fused → head. */
    private static ComputationGraph fusedGraph() {
        return GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, 2, 2, 3, 4), (gb, in) -> {
            gb.addLayer("pre", new Convolution3D.Builder().convolutionMode(ConvolutionMode.Truncate)
                    .kernelSize(1, 1, 1).dataFormat(Convolution3D.DataFormat.NCDHW).nIn(2).nOut(CIN).hasBias(true)
                    .activation(Activation.TANH).build(), in.vertex());
            gb.addLayer("fused", BnReluConv1x1.builder().nIn(CIN).nOut(COUT).build(), "pre");
            return BlockOutput.of("fused", COUT, 2, 3, 4);
        }, 3, DataType.DOUBLE);
    }

    /** The same network with the unfused pair norm (BN+ReLU) → conv. */
    private static ComputationGraph unfusedGraph() {
        return GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, 2, 2, 3, 4), (gb, in) -> {
            gb.addLayer("pre", new Convolution3D.Builder().convolutionMode(ConvolutionMode.Truncate)
                    .kernelSize(1, 1, 1).dataFormat(Convolution3D.DataFormat.NCDHW).nIn(2).nOut(CIN).hasBias(true)
                    .activation(Activation.TANH).build(), in.vertex());
            gb.addLayer("norm", BatchNorm3D.builder().channels(CIN).activation(BatchNorm3D.Activation.RELU).build(),
                    "pre");
            gb.addLayer("conv", new Convolution3D.Builder().convolutionMode(ConvolutionMode.Truncate)
                    .kernelSize(1, 1, 1).dataFormat(Convolution3D.DataFormat.NCDHW).nIn(CIN).nOut(COUT)
                    .hasBias(false).activation(Activation.IDENTITY).build(), "norm");
            return BlockOutput.of("conv", COUT, 2, 3, 4);
        }, 3, DataType.DOUBLE);
    }

    /** Non-trivial γ, β and running statistics (β shifted so that some ReLU inputs are negative, some positive). */
    private static void randomiseBn(Map<String, INDArray> p) {
        p.get("gamma").assign(Nd4j.rand(DataType.DOUBLE, 1, CIN).addi(0.5));
        p.get("beta").assign(Nd4j.rand(DataType.DOUBLE, 1, CIN).subi(0.5));
        p.get("mean").assign(Nd4j.rand(DataType.DOUBLE, 1, CIN).subi(0.5));
        p.get("var").assign(Nd4j.rand(DataType.DOUBLE, 1, CIN).addi(0.5));
    }

    /** Copies the unfused pair's parameters into the fused layer (same flat layout of W). */
    private static void copyPairIntoFused(ComputationGraph pair, ComputationGraph fused) {
        Map<String, INDArray> f = fused.getLayer("fused").paramTable();
        pair.getLayer("norm").paramTable().forEach((k, v) -> f.get(k).assign(v));
        f.get("W").assign(pair.getLayer("conv").getParam("W"));
        for (String layer : List.of("pre", "head/fc")) {
            fused.getLayer(layer).paramTable().forEach((k, v) -> v.assign(pair.getLayer(layer).getParam(k)));
        }
    }

    private static double relErr(INDArray a, INDArray b) {
        double scale = Math.max(Transforms.abs(b).maxNumber().doubleValue(), 1e-300);
        return Transforms.abs(a.sub(b)).maxNumber().doubleValue() / scale;
    }

    @Test
    void gradientCheckTrainModeIncludingInputGradient() {
        ComputationGraph g = fusedGraph();
        randomiseBn(g.getLayer("fused").paramTable());
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 2, 3, 4);
        assertTrue(GraphHarness.gradientCheck(g, x, GraphHarness.labels(2, 3)));
    }

    /**
     * Central differences of L = Σ y ⊙ R on the layer alone, in training mode (batch statistics, which depend on x)
     * and in inference mode (running statistics, constants), against its backward pass: dx, dγ, dβ, dW.
     */
    @ParameterizedTest(name = "training = {0}")
    @ValueSource(booleans = {true, false})
    void layerBackwardMatchesCentralDifferences(boolean training) {
        ComputationGraph g = fusedGraph();
        g.initGradientsView();
        Layer layer = g.getLayer("fused");
        randomiseBn(layer.paramTable());
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, CIN, 2, 3, 4);
        INDArray r = Nd4j.randn(DataType.DOUBLE, 2, COUT, 2, 3, 4);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();

        layer.setInput(x, ws);
        layer.activate(training, ws);
        Pair<Gradient, INDArray> bp = layer.backpropGradient(r.dup(), ws);
        Map<String, INDArray> grads = bp.getFirst().gradientForVariable();
        INDArray runningBefore = layer.getParam("mean").dup();

        double h = 1e-6;
        int checked = 0;
        for (String key : List.of("gamma", "beta", "W")) {
            INDArray p = layer.getParam(key);
            INDArray flat = p.reshape(p.length());
            for (long i = 0; i < flat.length(); i++) {
                double v = flat.getDouble(i);
                flat.putScalar(i, v + h);
                double plus = loss(layer, x, r, training);
                flat.putScalar(i, v - h);
                double minus = loss(layer, x, r, training);
                flat.putScalar(i, v);
                double num = (plus - minus) / (2 * h);
                double ana = grads.get(key).reshape(p.length()).getDouble(i);
                assertEquals(num, ana, 1e-7 * Math.max(1, Math.abs(num)), key + "[" + i + "]");
                checked++;
            }
        }
        INDArray dx = bp.getSecond();
        INDArray xf = x.reshape(x.length());
        for (long i = 0; i < xf.length(); i += 3) {
            double v = xf.getDouble(i);
            xf.putScalar(i, v + h);
            double plus = loss(layer, x, r, training);
            xf.putScalar(i, v - h);
            double minus = loss(layer, x, r, training);
            xf.putScalar(i, v);
            double num = (plus - minus) / (2 * h);
            assertEquals(num, dx.reshape(dx.length()).getDouble(i), 1e-7 * Math.max(1, Math.abs(num)), "x[" + i + "]");
            checked++;
        }
        assertTrue(checked > 50);
        assertEquals(0.0, grads.get("mean").sumNumber().doubleValue(), 0.0);
        assertEquals(0.0, grads.get("var").sumNumber().doubleValue(), 0.0);
        if (!training) {
            assertEquals(runningBefore, layer.getParam("mean"), "inference must not touch the running statistics");
        }
    }

    private static double loss(Layer layer, INDArray x, INDArray r, boolean training) {
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(x, ws);
        return layer.activate(training, ws).mul(r).sumNumber().doubleValue();
    }

    /**
     * The fused layer computes exactly what BatchNorm3D(ReLU) → Convolution3D 1×1×1 computes: train-mode output,
     * running statistics, score, every parameter gradient and the input gradient; then inference output.
     */
    @ParameterizedTest(name = "workspaces {0}")
    @EnumSource(value = WorkspaceMode.class, names = {"ENABLED", "NONE"})
    void equalsTheUnfusedPairInEveryQuantity(WorkspaceMode mode) {
        ComputationGraph pair = unfusedGraph();
        randomiseBn(pair.getLayer("norm").paramTable());
        ComputationGraph fused = fusedGraph();
        copyPairIntoFused(pair, fused);
        for (ComputationGraph g : List.of(pair, fused)) {
            g.getConfiguration().setTrainingWorkspaceMode(mode);
            g.getConfiguration().setInferenceWorkspaceMode(mode);
        }
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 2, 3, 4);
        INDArray labels = GraphHarness.labels(2, 3);

        Map<String, INDArray> ya = pair.feedForward(new INDArray[] {x}, true, false);
        Map<String, INDArray> yb = fused.feedForward(new INDArray[] {x}, true, false);
        assertTrue(relErr(yb.get("fused"), ya.get("conv")) <= 1e-13, "train-mode output");
        for (String k : List.of("mean", "var")) {
            assertTrue(relErr(fused.getLayer("fused").getParam(k), pair.getLayer("norm").getParam(k)) <= 1e-13, k);
        }

        INDArray[] inGrad = new INDArray[2];
        ComputationGraph[] gs = {pair, fused};
        for (int i = 0; i < 2; i++) {
            ComputationGraph g = gs[i];
            int slot = i;
            if (mode == WorkspaceMode.NONE) {
                // with workspaces the input's epsilon is already released when listeners run
                g.setListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
                    @Override
                    public void onBackwardPass(org.deeplearning4j.nn.api.Model m) {
                        inGrad[slot] = ((ComputationGraph) m).getVertex(GraphHarness.INPUT).getEpsilon().dup();
                    }
                });
            }
            g.setInputs(x);
            g.setLabels(labels);
            g.computeGradientAndScore();
        }
        assertEquals(pair.score(), fused.score(), 1e-13 * Math.abs(pair.score()));
        Map<String, INDArray> ga = pair.gradient().gradientForVariable();
        Map<String, INDArray> gb = fused.gradient().gradientForVariable();
        for (String k : List.of("gamma", "beta")) {
            assertTrue(relErr(gb.get("fused_" + k), ga.get("norm_" + k)) <= 1e-12, k);
        }
        assertTrue(relErr(gb.get("fused_W"), ga.get("conv_W")) <= 1e-12, "W");
        for (String k : List.of("pre_W", "pre_b", "head/fc_W", "head/fc_b")) {
            assertTrue(relErr(gb.get(k), ga.get(k)) <= 1e-12, k);
        }
        if (mode == WorkspaceMode.NONE) {
            assertTrue(inGrad[0] != null && relErr(inGrad[1], inGrad[0]) <= 1e-12, "input gradient");
        }

        INDArray ia = pair.outputSingle(false, x);
        INDArray ib = fused.outputSingle(false, x);
        assertTrue(relErr(ib, ia) <= 1e-13, "inference output");
    }

    @Test
    void runningStatisticsFollowPyTorchAndAreNotTouchedByTheUpdaterOrTheBackwardPass() {
        ComputationGraph g = fusedGraph();
        Layer fused = g.getLayer("fused");
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 2, 2, 3, 4);
        INDArray pre = g.feedForward(new INDArray[] {x}, false, false).get("pre");
        INDArray mean = pre.mean(0, 2, 3, 4);
        INDArray var = pre.var(true, 0, 2, 3, 4);
        g.fit(new INDArray[] {x}, new INDArray[] {GraphHarness.labels(3, 3)});
        for (int ch = 0; ch < CIN; ch++) {
            assertEquals(0.1 * mean.getDouble(ch), fused.getParam("mean").getDouble(ch), 1e-12);
            assertEquals(0.9 + 0.1 * var.getDouble(ch), fused.getParam("var").getDouble(ch), 1e-12);
        }
    }

    @Test
    void parametersAndLayoutMatchAPyTorchConv3dWeight() {
        ComputationGraph g = fusedGraph();
        Layer fused = g.getLayer("fused");
        assertEquals(List.of("gamma", "beta", "mean", "var", "W"), List.copyOf(fused.paramTable().keySet()));
        assertEquals(List.of((long) COUT, (long) CIN, 1L, 1L, 1L),
                java.util.Arrays.stream(fused.getParam("W").shape()).boxed().toList());
        assertEquals(4L * CIN + (long) COUT * CIN, fused.numParams());

        // Kaiming normal, fan-out, as BnReluConv's convolution: std = sqrt(2 / Cout) = 0.25 for Cout = 32
        ComputationGraph big = GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, 64, 1, 2, 2), (gb, in) -> {
            gb.addLayer("f", BnReluConv1x1.builder().nOut(32).build(), in.vertex());
            return BlockOutput.of("f", 32, 1, 2, 2);
        }, 3, DataType.DOUBLE);
        INDArray w = big.getLayer("f").getParam("W");
        assertEquals(64L, ((BnReluConv1x1) big.getLayer("f").conf().getLayer()).getNIn(), "nIn inferred");
        assertEquals(0.25, w.stdNumber().doubleValue(), 0.025, "std of 2,048 Kaiming fan-out samples");
        assertEquals(0.0, w.meanNumber().doubleValue(), 0.025);
        assertEquals(1.0, big.getLayer("f").getParam("gamma").minNumber().doubleValue(), 0.0);
        assertEquals(1.0, big.getLayer("f").getParam("var").minNumber().doubleValue(), 0.0);
    }

    @Test
    void wrongRankAndChannelsNameTheLayerAndShapes() {
        ComputationGraph g = GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, CIN, 2, 3, 4), (gb, in) -> {
            gb.addLayer("block1/layer01/norm1conv1", BnReluConv1x1.builder().nIn(CIN).nOut(COUT).build(),
                    in.vertex());
            return BlockOutput.of("block1/layer01/norm1conv1", COUT, 2, 3, 4);
        }, 3, DataType.DOUBLE);
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> g.output(Nd4j.randn(DataType.DOUBLE, 2, CIN, 3, 4)));
        assertTrue(rank.getMessage().contains("'block1/layer01/norm1conv1'") && rank.getMessage().contains("[2, 3, 3, 4]")
                && rank.getMessage().contains("rank 5") && rank.getMessage().contains("BnReluConv1x1"),
                rank.getMessage());
        IllegalArgumentException ch = assertThrows(IllegalArgumentException.class,
                () -> g.output(Nd4j.randn(DataType.DOUBLE, 2, 5, 2, 3, 4)));
        assertTrue(ch.getMessage().contains("'block1/layer01/norm1conv1'") && ch.getMessage().contains("[2, 5, 2, 3, 4]")
                && ch.getMessage().contains("3 channels"), ch.getMessage());
    }

    @Test
    void buildTimeErrorsNameTheLayer() {
        assertThrows(IllegalArgumentException.class, () -> BnReluConv1x1.builder().nIn(3).build(),
                "nOut is required");
        assertThrows(IllegalArgumentException.class, () -> BnReluConv1x1.builder().nOut(2).eps(0));
        assertThrows(IllegalArgumentException.class, () -> BnReluConv1x1.builder().nOut(2).momentum(1.5));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GraphHarness.build(
                BlockOutput.of(GraphHarness.INPUT, 5, 2, 3, 4), (gb, in) -> {
                    gb.addLayer("x/norm1conv1", BnReluConv1x1.builder().nIn(3).nOut(2).build(), in.vertex());
                    return BlockOutput.of("x/norm1conv1", 2, 2, 3, 4);
                }, 3, DataType.DOUBLE));
        assertTrue(e.getMessage().contains("'x/norm1conv1'") && e.getMessage().contains("C=5"), e.getMessage());
    }

    @Test
    void configurationJsonRoundTrip() {
        ComputationGraph g = fusedGraph();
        String json = g.getConfiguration().toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(g.getConfiguration(), back);
        ComputationGraph g2 = new ComputationGraph(back);
        g2.init(g.params().dup(), false);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 2, 3, 4);
        assertEquals(g.outputSingle(x), g2.outputSingle(x));
    }
}
