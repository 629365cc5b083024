package org.t3d.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link Conv3D}'s shortened backward pass and its sgemm path for pointwise (1×1×1) convolutions give DL4J's
 * {@code Convolution3D} outputs and gradients (weights and input), in double and float, for padded, strided, "same"
 * and pointwise convolutions; and the configuration survives JSON.
 */
class Conv3DTest {

    private static ComputationGraph net(Convolution3D.Builder conv, DataType dt) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(dt).seed(3)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 5, 6, 7, 3))
                .addLayer("conv", conv.nIn(3).nOut(4).hasBias(false).activation(Activation.IDENTITY)
                        .dataFormat(Convolution3D.DataFormat.NCDHW).build(), "in")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(2)
                        .activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @ParameterizedTest(name = "{0} k{1} s{2} p{3} {4}")
    @CsvSource({"Truncate,3,1,1,DOUBLE", "Truncate,3,2,1,DOUBLE", "Truncate,1,1,0,FLOAT", "Truncate,1,1,0,DOUBLE",
        "Same,1,1,0,DOUBLE", "Truncate,1,2,0,DOUBLE", "Same,3,1,0,DOUBLE", "Truncate,2,1,0,FLOAT"})
    void gradientsEqualDl4jConvolution3D(ConvolutionMode mode, int k, int s, int p, DataType dt) {
        Convolution3D.Builder ours = Conv3D.builder();
        Convolution3D.Builder theirs = new Convolution3D.Builder();
        for (Convolution3D.Builder b : new Convolution3D.Builder[] {ours, theirs}) {
            b.convolutionMode(mode).kernelSize(k, k, k).stride(s, s, s);
            if (mode != ConvolutionMode.Same) {
                b.padding(p, p, p);
            }
        }
        ComputationGraph a = net(ours, dt);
        ComputationGraph b = net(theirs, dt);
        assertInstanceOf(Conv3DLayer.class, a.getLayer("conv"));
        b.setParams(a.params().dup());
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(dt, 2, 3, 5, 6, 7);
        INDArray y = Nd4j.randn(dt, 2, 2);
        for (ComputationGraph g : new ComputationGraph[] {a, b}) {
            g.setInputs(x);
            g.setLabels(y);
            g.computeGradientAndScore();
        }
        double tol = dt == DataType.DOUBLE ? 1e-13 : 1e-5;
        INDArray oa = a.outputSingle(x);
        INDArray ob = b.outputSingle(x);
        assertEquals(0, oa.sub(ob).amaxNumber().doubleValue(), tol * ob.amaxNumber().doubleValue(), "output");
        INDArray fa = a.getLayer("conv").activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        INDArray fb = b.getLayer("conv").activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(0, fa.sub(fb).amaxNumber().doubleValue(), tol * fb.amaxNumber().doubleValue(), "activation");
        INDArray ga = a.gradient().getGradientFor("conv_W");
        INDArray gb = b.gradient().getGradientFor("conv_W");
        assertTrue(ga.amaxNumber().doubleValue() > 0, "zero weight gradient");
        assertEquals(0, ga.sub(gb).amaxNumber().doubleValue(), tol * gb.amaxNumber().doubleValue(), "weight gradient");
        INDArray ea = inputGradient(a, x);
        INDArray eb = inputGradient(b, x);
        assertEquals(0, ea.sub(eb).amaxNumber().doubleValue(), tol * eb.amaxNumber().doubleValue(), "input gradient");
    }

    private static INDArray inputGradient(ComputationGraph g, INDArray x) {
        org.deeplearning4j.nn.api.Layer conv = g.getLayer("conv");
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        conv.setInput(x, mgr);
        INDArray out = conv.activate(true, mgr);
        Nd4j.getRandom().setSeed(5);
        INDArray eps = Nd4j.randn(out.dataType(), out.shape());
        return conv.backpropGradient(eps, mgr).getSecond();
    }

    @ParameterizedTest(name = "JSON round trip {0}")
    @CsvSource({"3", "1"})
    void jsonRoundTripKeepsTheLayerType(int k) {
        ComputationGraph g = net(Conv3D.builder().kernelSize(k, k, k), DataType.FLOAT);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        ComputationGraph h = new ComputationGraph(back);
        h.init(g.params().dup(), false);
        assertInstanceOf(Conv3DLayer.class, h.getLayer("conv"));
        INDArray x = Nd4j.randn(DataType.FLOAT, 1, 3, 5, 6, 7);
        assertEquals(g.outputSingle(x), h.outputSingle(x));
    }
}
