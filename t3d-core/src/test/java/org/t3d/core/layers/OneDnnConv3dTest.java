package org.t3d.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The oneDNN path of {@link Conv3DLayer} (float32): its output, weight gradient and input gradient equal the
 * double-precision libnd4j path (itself equal to DL4J's {@code Convolution3D} and checked by
 * {@code GradientCheckUtil} in {@code BlockGradientCheckTest}) to float rounding, over padded, strided, dilated,
 * "same"-mode and even-depth kernels; it is really taken (its execution counter moves) and switched off by
 * {@link OneDnn#setEnabled(boolean)}; primitives evicted from the cache are rebuilt correctly. The convolution
 * follows another parametrised layer, so its weights and weight gradients are views at a nonzero offset of DL4J's
 * flattened buffers.
 */
@ExtendWith(RequiresOneDnn.class)
class OneDnnConv3dTest {

    private static ComputationGraph net(DataType dt, ConvolutionMode mode, int[] k, int s, int p, int d, int cin,
            int[] in) {
        Convolution3D.Builder conv = Conv3D.builder().convolutionMode(mode).kernelSize(k).stride(s, s, s)
                .dilation(d, d, d);
        if (mode != ConvolutionMode.Same) {
            conv.padding(p, p, p);
        }
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(dt).seed(3)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, in[0], in[1], in[2], cin))
                // a layer with parameters first, so that conv's weights and gradients are views at a nonzero offset
                .addLayer("pre", Conv3D.builder().kernelSize(1, 1, 1).nIn(cin).nOut(cin).hasBias(false)
                        .activation(Activation.IDENTITY).dataFormat(Convolution3D.DataFormat.NCDHW).build(), "in")
                .addLayer("conv", conv.nIn(cin).nOut(5).hasBias(false).activation(Activation.IDENTITY)
                        .dataFormat(Convolution3D.DataFormat.NCDHW).build(), "pre")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(2)
                        .activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** Output, weight gradient (through the whole graph, with workspaces) and input gradient of one setting. */
    private record Result(INDArray activation, INDArray weightGradient, INDArray inputGradient) {
    }

    private static Result run(ComputationGraph g, INDArray x, INDArray y, INDArray eps) {
        g.setInputs(x);
        g.setLabels(y);
        g.computeGradientAndScore();
        INDArray wg = g.gradient().getGradientFor("conv_W").dup();
        Layer conv = g.getLayer("conv");
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        conv.setInput(x, mgr);
        INDArray out = conv.activate(true, mgr).dup();
        INDArray dx = conv.backpropGradient(eps.castTo(out.dataType()), mgr).getSecond().dup();
        return new Result(out, wg, dx);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double scale = expected.amaxNumber().doubleValue();
        assertTrue(scale > 0, what + " is all zero");
        double err = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertEquals(0, err, 2e-5 * scale, what + ": max error " + err + " of max " + scale);
    }

    @ParameterizedTest(name = "{0} k{1}x{2}x{3} s{4} p{5} d{6}")
    @CsvSource({"Truncate,3,3,3,1,1,1", "Truncate,3,3,3,2,1,1", "Same,3,3,3,1,0,1", "Same,6,3,3,1,0,1",
        "Same,3,3,3,2,0,1", "Truncate,7,7,7,2,3,1", "Truncate,3,3,3,1,2,2", "Truncate,2,1,1,1,0,1"})
    void equalsTheDoublePrecisionPath(ConvolutionMode mode, int kd, int kh, int kw, int s, int p, int d) {
        int[] k = {kd, kh, kw};
        int[] in = {7, 9, 8};
        ComputationGraph reference = net(DataType.DOUBLE, mode, k, s, p, d, 6, in);
        ComputationGraph onednn = net(DataType.FLOAT, mode, k, s, p, d, 6, in);
        onednn.setParams(reference.params().castTo(DataType.FLOAT));
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 6, in[0], in[1], in[2]);
        INDArray y = Nd4j.randn(DataType.DOUBLE, 3, 2);
        INDArray out = reference.getLayer("conv").activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        INDArray eps = Nd4j.randn(DataType.DOUBLE, out.shape());

        long before = OneDnnRuntime.executions();
        Result expected = run(reference, x, y, eps);
        assertEquals(before, OneDnnRuntime.executions(), "double precision must not take the oneDNN path");
        Result actual = run(onednn, x.castTo(DataType.FLOAT), y.castTo(DataType.FLOAT), eps);
        assertTrue(OneDnnRuntime.executions() >= before + 4, "float32 did not take the oneDNN path");

        assertClose(expected.activation(), actual.activation(), "activation");
        assertClose(expected.weightGradient(), actual.weightGradient(), "weight gradient");
        assertClose(expected.inputGradient(), actual.inputGradient(), "input gradient");
        assertClose(reference.outputSingle(x), onednn.outputSingle(x.castTo(DataType.FLOAT)), "network output");
    }

    /**
     * Input shallower than the kernel (DenseNet3D's last blocks): oneDNN has no JIT backward-weights kernel, and the
     * gemm fallback runs on channels-last copies; the weight gradient must still equal the double-precision one.
     */
    @Test
    void shallowInputTakesTheChannelsLastGemmBackwardWeights() {
        int[] k = {3, 3, 3};
        int[] in = {2, 7, 7};
        int cin = 32;
        OneDnnConv3d.Geometry g = new OneDnnConv3d.Geometry(new long[] {3, cin, 2, 7, 7}, 5, new long[] {3, 3, 3},
                new long[] {1, 1, 1}, new long[] {1, 1, 1}, new long[] {1, 1, 1}, new long[] {1, 1, 1});
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            OneDnnConv3d conv = OneDnnConv3d.forGeometry(g);
            String impl = conv.backwardWeightsImplementation();
            assertTrue(impl.contains("gemm"), "expected oneDNN's gemm fallback for " + g + ", got " + impl);
            assertTrue(conv.backwardWeightsChannelsLast(), "the gemm fallback should run on channels-last copies");
        }
        ComputationGraph reference = net(DataType.DOUBLE, ConvolutionMode.Truncate, k, 1, 1, 1, cin, in);
        ComputationGraph onednn = net(DataType.FLOAT, ConvolutionMode.Truncate, k, 1, 1, 1, cin, in);
        onednn.setParams(reference.params().castTo(DataType.FLOAT));
        Nd4j.getRandom().setSeed(12);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, cin, in[0], in[1], in[2]);
        INDArray y = Nd4j.randn(DataType.DOUBLE, 3, 2);
        INDArray eps = Nd4j.randn(DataType.DOUBLE, 3, 5, in[0], in[1], in[2]);
        Result expected = run(reference, x, y, eps);
        long before = OneDnnRuntime.executions();
        Result actual = run(onednn, x.castTo(DataType.FLOAT), y.castTo(DataType.FLOAT), eps);
        assertTrue(OneDnnRuntime.executions() >= before + 4, "float32 did not take the oneDNN path");
        assertClose(expected.activation(), actual.activation(), "activation");
        assertClose(expected.weightGradient(), actual.weightGradient(), "weight gradient");
        assertClose(expected.inputGradient(), actual.inputGradient(), "input gradient");
    }

    @Test
    void switchedOffFallsBackToLibnd4jWithTheSameResult() {
        int[] k = {3, 3, 3};
        int[] in = {5, 6, 7};
        ComputationGraph g = net(DataType.FLOAT, ConvolutionMode.Same, k, 1, 0, 1, 4, in);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 4, 5, 6, 7);
        INDArray y = Nd4j.randn(DataType.FLOAT, 2, 2);
        INDArray eps = Nd4j.randn(DataType.FLOAT, 2, 5, 5, 6, 7);
        Result on = run(g, x, y, eps);
        OneDnn.setEnabled(false);
        long before = OneDnnRuntime.executions();
        Result off = run(g, x, y, eps);
        assertEquals(before, OneDnnRuntime.executions(), "switched off but oneDNN still ran");
        assertClose(off.activation(), on.activation(), "activation");
        assertClose(off.weightGradient(), on.weightGradient(), "weight gradient");
        assertClose(off.inputGradient(), on.inputGradient(), "input gradient");
    }

    /**
     * The same convolution trained from three threads in turn: oneDNN primitives are cached per thread (a
     * backward-weights primitive created in one thread crashed the JVM when executed in another). 1×1×1 maps with a
     * 3×3×3 kernel is the shape that crashed.
     */
    @Test
    void severalThreadsGetTheSameGradients() throws Exception {
        int[] k = {3, 3, 3};
        int[] in = {1, 1, 1};
        ComputationGraph reference = net(DataType.DOUBLE, ConvolutionMode.Same, k, 1, 0, 1, 16, in);
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 16, 1, 1, 1);
        INDArray y = Nd4j.randn(DataType.DOUBLE, 2, 2);
        INDArray eps = Nd4j.randn(DataType.DOUBLE, 2, 5, 1, 1, 1);
        Result expected = run(reference, x, y, eps);
        for (int i = 0; i < 3; i++) {
            java.util.concurrent.atomic.AtomicReference<Object> got = new java.util.concurrent.atomic.AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    ComputationGraph g = net(DataType.FLOAT, ConvolutionMode.Same, k, 1, 0, 1, 16, in);
                    g.setParams(reference.params().castTo(DataType.FLOAT));
                    got.set(run(g, x.castTo(DataType.FLOAT), y.castTo(DataType.FLOAT), eps));
                } catch (Throwable e) {
                    got.set(e);
                }
            });
            t.start();
            t.join();
            if (got.get() instanceof Throwable e) {
                throw new AssertionError("thread " + i, e);
            }
            Result actual = (Result) got.get();
            assertClose(expected.weightGradient(), actual.weightGradient(), "weight gradient, thread " + i);
            assertClose(expected.inputGradient(), actual.inputGradient(), "input gradient, thread " + i);
        }
    }

    @Test
    void evictedPrimitivesAreRebuilt() {
        int[] k = {3, 3, 3};
        ComputationGraph first = net(DataType.FLOAT, ConvolutionMode.Same, k, 1, 0, 1, 2, new int[] {3, 3, 4});
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 1, 2, 3, 3, 4);
        INDArray before = first.outputSingle(x).dup();
        for (int w = 5; w < 5 + OneDnnConv3d.MAX_CACHED + 2; w++) {
            ComputationGraph other = net(DataType.FLOAT, ConvolutionMode.Same, k, 1, 0, 1, 2, new int[] {3, 3, w});
            other.outputSingle(Nd4j.randn(DataType.FLOAT, 1, 2, 3, 3, w));
        }
        assertClose(before, first.outputSingle(x), "output after eviction");
    }

    @Test
    void wrongOutputGradientShapeIsNamed() {
        ComputationGraph g = net(DataType.FLOAT, ConvolutionMode.Same, new int[] {3, 3, 3}, 1, 0, 1, 2,
                new int[] {3, 4, 5});
        Layer conv = g.getLayer("conv");
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        conv.setInput(Nd4j.randn(DataType.FLOAT, 1, 2, 3, 4, 5), mgr);
        conv.activate(true, mgr);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.backpropGradient(Nd4j.randn(DataType.FLOAT, 1, 5, 3, 4, 6), mgr));
        assertTrue(e.getMessage().contains("[1, 5, 3, 4, 6]") && e.getMessage().contains("conv"), e.getMessage());
    }
}
