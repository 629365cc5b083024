package org.t3d.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.blocks.Dims3;
import org.t3d.core.blocks.Pooling3D;

/**
 * {@link Pool3D} gives DL4J's {@code Subsampling3DLayer} outputs and input gradients: float32 through oneDNN against
 * DL4J in float32 and in float64, for max and average pooling with the kernels, strides and paddings of the T3D stem,
 * transitions and TTL and of the 2D teacher; the oneDNN path is really taken; JSON keeps the type.
 */
class Pool3DTest {

    @AfterEach
    void restore() {
        OneDnn.setEnabled(true);
    }

    private static Layer layer(Subsampling3DLayer.Builder b, int[] k, int[] s, int[] p, ConvolutionMode mode) {
        b.convolutionMode(mode).kernelSize(k).stride(s).dataFormat(Convolution3D.DataFormat.NCDHW);
        if (mode != ConvolutionMode.Same) {
            b.padding(p);
        }
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 6, 8, 10, 3))
                .addLayer("pool", b.build(), "in").setOutputs("pool").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g.getLayer("pool");
    }

    private static INDArray[] run(Layer l, INDArray x, INDArray eps) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        l.setInput(x, mgr);
        INDArray y = l.activate(true, mgr).dup();
        INDArray dx = l.backpropGradient(eps, mgr).getSecond().dup();
        return new INDArray[] {y, dx};
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double scale = expected.amaxNumber().doubleValue();
        assertTrue(scale > 0, what + " all zero");
        double err = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertEquals(0, err, tol * scale, what + ": max error " + err);
    }

    /**
     * The last two cases drop an input row in floor mode (input 6×8×10, kernel 3, stride 2 along W or H), which
     * oneDNN cannot express (negative end padding): they must fall back to DL4J, with the same results.
     */
    @ParameterizedTest(name = "{0} k{1} s{2} p{3} {4} oneDNN {5}")
    @CsvSource({"MAX,3-3-3,1-2-2,1-1-1,Truncate,true", "MAX,3-3-3,2-2-2,1-1-1,Truncate,true",
        "MAX,1-3-3,1-2-2,0-1-1,Truncate,true", "AVG,2-2-2,2-2-2,0-0-0,Truncate,true",
        "AVG,1-2-2,1-2-2,0-0-0,Truncate,true", "AVG,3-3-3,1-1-1,0-0-0,Truncate,true",
        "MAX,3-3-3,2-2-2,0-0-0,Same,true", "AVG,2-2-2,2-2-2,0-0-0,Same,true",
        "AVG,1-1-3,1-1-2,0-0-0,Truncate,false", "MAX,1-3-1,1-2-1,0-0-0,Truncate,false"})
    void equalsDl4jSubsampling3D(Subsampling3DLayer.PoolingType type, String k, String s, String p,
            ConvolutionMode mode, boolean oneDnn) {
        assumeTrue(OneDnn.isAvailable(), "oneDNN natives not loadable on this platform: oneDNN path not tested");
        int[] kk = ints(k);
        int[] ss = ints(s);
        int[] pp = ints(p);
        Layer ours = layer(Pool3D.builder(type), kk, ss, pp, mode);
        Layer theirs = layer(new Subsampling3DLayer.Builder(type), kk, ss, pp, mode);
        assertInstanceOf(Pool3DLayer.class, ours);
        Nd4j.getRandom().setSeed(3);
        // post-ReLU input (as everywhere in T3D) with exact zeros, plus a general input
        for (INDArray x : new INDArray[] {Nd4j.randn(DataType.FLOAT, 2, 3, 6, 8, 10).subi(0.3).muli(
                Nd4j.randn(DataType.FLOAT, 2, 3, 6, 8, 10).gt(0).castTo(DataType.FLOAT)),
            Nd4j.randn(DataType.FLOAT, 2, 3, 6, 8, 10)}) {
            theirs.setInput(x, LayerWorkspaceMgr.noWorkspaces());
            INDArray yRef = theirs.activate(false, LayerWorkspaceMgr.noWorkspaces());
            INDArray eps = Nd4j.randn(DataType.FLOAT, yRef.shape());
            INDArray[] ref = run(theirs, x, eps);
            long before = OneDnnRuntime.executions();
            INDArray[] got = run(ours, x, eps);
            assertEquals(oneDnn, OneDnnRuntime.executions() > before, "oneDNN path taken");
            assertClose(ref[0], got[0], 1e-6, "output");
            assertClose(ref[1], got[1], 1e-6, "input gradient");
            INDArray[] dbl = run(theirs, x.castTo(DataType.DOUBLE), eps.castTo(DataType.DOUBLE));
            if (type == Subsampling3DLayer.PoolingType.AVG || x.minNumber().doubleValue() >= 0) {
                assertClose(dbl[0], got[0], 1e-6, "output vs float64");
                assertClose(dbl[1], got[1], 1e-6, "input gradient vs float64");
            }
        }
    }

    private static int[] ints(String dashed) {
        String[] p = dashed.split("-");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    @Test
    void switchedOffUsesDl4j() {
        Layer ours = layer(Pool3D.builder(Subsampling3DLayer.PoolingType.MAX), new int[] {3, 3, 3},
                new int[] {1, 2, 2}, new int[] {1, 1, 1}, ConvolutionMode.Truncate);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 6, 8, 10);
        INDArray[] on = run(ours, x, Nd4j.ones(DataType.FLOAT, 1, 3, 6, 4, 5));
        OneDnn.setEnabled(false);
        long before = OneDnnRuntime.executions();
        INDArray[] off = run(ours, x, Nd4j.ones(DataType.FLOAT, 1, 3, 6, 4, 5));
        assertEquals(before, OneDnnRuntime.executions(), "switched off but oneDNN ran");
        assertClose(off[0], on[0], 1e-6, "output");
        assertClose(off[1], on[1], 1e-6, "input gradient");
    }

    @Test
    void wrongGradientShapeIsNamed() {
        assumeTrue(OneDnn.isAvailable(), "oneDNN natives not loadable on this platform: oneDNN path not tested");
        Layer ours = layer(Pool3D.builder(Subsampling3DLayer.PoolingType.AVG), new int[] {2, 2, 2},
                new int[] {2, 2, 2}, new int[] {0, 0, 0}, ConvolutionMode.Truncate);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        ours.setInput(Nd4j.rand(DataType.FLOAT, 1, 3, 6, 8, 10), mgr);
        ours.activate(true, mgr);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ours.backpropGradient(Nd4j.ones(DataType.FLOAT, 1, 3, 3, 4, 4), mgr));
        assertTrue(e.getMessage().contains("[1, 3, 3, 4, 4]") && e.getMessage().contains("[1, 3, 3, 4, 5]"),
                e.getMessage());
    }

    @Test
    void pooling3dAppendsAPool3DThatSurvivesJson() {
        ComputationGraphConfiguration.GraphBuilder gb = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 4, 8, 8, 2));
        Pooling3D.append(gb, "stem/pool", BlockOutput.of("in", 2, 4, 8, 8), Subsampling3DLayer.PoolingType.MAX,
                Dims3.cube(3), Dims3.of(1, 2, 2), Dims3.cube(1));
        ComputationGraphConfiguration conf = gb.setOutputs("stem/pool").build();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        ComputationGraph g = new ComputationGraph(back);
        g.init();
        assertInstanceOf(Pool3DLayer.class, g.getLayer("stem/pool"));
    }
}
