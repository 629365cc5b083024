package org.t3d.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link BatchNorm3DLayer} in float32, whose backward pass runs on oneDNN ({@link OneDnnBatchNorm3d}), against its
 * double-precision path (checked by {@code GradientCheckUtil} and a naive reference in {@link BatchNorm3DTest}):
 * outputs in training and inference mode, the running statistics after a training step, input gradients and γ/β
 * gradients after training-mode and inference-mode forward passes, with and without ReLU, for several channel counts,
 * and the whole graph's gradient with workspaces; the oneDNN path is really taken.
 */
@ExtendWith(RequiresOneDnn.class)
class OneDnnBatchNorm3dTest {

    private static ComputationGraph net(DataType dt, int c, BatchNorm3D.Activation act) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(dt).seed(3)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 3, 5, 6, c))
                .addLayer("pre", Conv3D.builder().kernelSize(1, 1, 1).nIn(c).nOut(c).hasBias(false)
                        .activation(Activation.IDENTITY).dataFormat(Convolution3D.DataFormat.NCDHW).build(), "in")
                .addLayer("bn", BatchNorm3D.builder().channels(c).activation(act).eps(1e-3).momentum(0.3).build(),
                        "pre")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(c).nOut(2)
                        .activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        g.initGradientsView();
        // non-trivial γ, β and running statistics
        Nd4j.getRandom().setSeed(9);
        for (String p : new String[] {"gamma", "beta", "mean"}) {
            g.getLayer("bn").setParam(p, Nd4j.randn(dt, 1, c).muli(0.5).addi(p.equals("gamma") ? 1 : 0));
        }
        g.getLayer("bn").setParam("var", Nd4j.rand(dt, 1, c).addi(0.5));
        return g;
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double scale = expected.amaxNumber().doubleValue();
        assertTrue(scale > 0, what + " is all zero");
        double err = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertEquals(0, err, 2e-5 * scale, what + ": max error " + err + " of max " + scale);
    }

    private record Result(INDArray trainOut, INDArray inferOut, INDArray runMean, INDArray runVar, INDArray dx,
            INDArray dGamma, INDArray dBeta, INDArray inferDx) {
    }

    private static Result run(ComputationGraph g, INDArray x, INDArray eps) {
        Layer bn = g.getLayer("bn");
        DataType dt = g.params().dataType();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        bn.setInput(x.castTo(dt), mgr);
        INDArray inferOut = bn.activate(false, mgr).dup();
        INDArray inferDx = bn.backpropGradient(eps.castTo(dt), mgr).getSecond().dup();
        bn.setInput(x.castTo(dt), mgr);
        INDArray trainOut = bn.activate(true, mgr).dup();
        Pair<Gradient, INDArray> p = bn.backpropGradient(eps.castTo(dt), mgr);
        return new Result(trainOut, inferOut, bn.getParam("mean").dup(), bn.getParam("var").dup(),
                p.getSecond().dup(), p.getFirst().getGradientFor("gamma").dup(),
                p.getFirst().getGradientFor("beta").dup(), inferDx);
    }

    @ParameterizedTest(name = "{0} channels, {1}")
    @CsvSource({"32,RELU", "32,IDENTITY", "20,RELU", "7,IDENTITY"})
    void equalsTheDoublePrecisionPath(int c, BatchNorm3D.Activation act) {
        ComputationGraph reference = net(DataType.DOUBLE, c, act);
        ComputationGraph onednn = net(DataType.FLOAT, c, act);
        onednn.setParams(reference.params().castTo(DataType.FLOAT));
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, c, 3, 5, 6).muli(2).addi(0.7);
        INDArray eps = Nd4j.randn(DataType.DOUBLE, 2, c, 3, 5, 6);

        long before = OneDnnRuntime.executions();
        Result expected = run(reference, x, eps);
        assertEquals(before, OneDnnRuntime.executions(), "double precision must not take the oneDNN path");
        Result actual = run(onednn, x, eps);
        // inference: the affine pass (OneDnnAffine3d); training: the batch-norm forward primitive with the ReLU fused
        // (OneDnnBatchNorm3d); both modes: the batch-norm backward primitive, after a separate ReLU-mask pass in
        // inference mode only (in training the backward primitive applies the mask the forward primitive kept). In
        // the blocked layout the forward primitive adds two reorders (in and out), the backward one three (x and dy
        // in, dx out).
        boolean relu = act == BatchNorm3D.Activation.RELU;
        OneDnnBatchNorm3d bn = OneDnnBatchNorm3d.forGeometry(new OneDnnBatchNorm3d.Geometry(x.shape(), 1e-3f));
        long forward = bn.blocked() ? 3 : 1;
        long backward = bn.blocked() ? 4 : 1;
        long expectedPasses = 1 + forward + 2 * backward + (relu ? 1 : 0);
        assertEquals(before + expectedPasses, OneDnnRuntime.executions(),
                "float32 forward and backward passes did not all take the oneDNN path");

        assertClose(expected.inferOut(), actual.inferOut(), "inference output");
        assertClose(expected.inferDx(), actual.inferDx(), "inference-mode input gradient");
        assertClose(expected.trainOut(), actual.trainOut(), "training output");
        assertClose(expected.runMean(), actual.runMean(), "running mean");
        assertClose(expected.runVar(), actual.runVar(), "running variance");
        assertClose(expected.dx(), actual.dx(), "input gradient");
        assertClose(expected.dGamma(), actual.dGamma(), "gamma gradient");
        assertClose(expected.dBeta(), actual.dBeta(), "beta gradient");

        // whole graph with workspaces: parameter gradients through fit's code path
        reference.setInputs(x);
        reference.setLabels(Nd4j.ones(DataType.DOUBLE, 2, 2));
        reference.computeGradientAndScore();
        onednn.setInputs(x.castTo(DataType.FLOAT));
        onednn.setLabels(Nd4j.ones(DataType.FLOAT, 2, 2));
        onednn.computeGradientAndScore();
        assertClose(reference.gradient().gradient(), onednn.gradient().gradient(), "graph gradient");
    }

    /** The kernels run in oneDNN's blocked layout on JIT kernels, not on its slow plain-layout kernel. */
    @org.junit.jupiter.api.Test
    void usesABlockedJitKernel() {
        for (long c : new long[] {7, 32, 256}) {
            OneDnnBatchNorm3d bn = OneDnnBatchNorm3d.forGeometry(new OneDnnBatchNorm3d.Geometry(
                    new long[] {2, c, 3, 5, 6}, 1e-5f));
            assertTrue(bn.blocked(), c + " channels: plain layout");
            assertTrue(bn.implementation().startsWith("bnorm_jit"), c + " channels: " + bn.implementation());
        }
    }

    /**
     * The fused training-mode forward pass ({@link BatchNormKernels#trainingForward}: statistics and output in one
     * oneDNN primitive, then ReLU) against ND4J's {@code Moments} + normalise over a sweep of shapes, including a large
     * channel mean (the variance must not lose its precision) and the smallest volumes it is used for.
     */
    @org.junit.jupiter.api.Test
    void fusedTrainingForwardSweep() {
        Nd4j.getRandom().setSeed(21);
        int checked = 0;
        for (int n : new int[] {1, 2, 4}) {
            for (int c : new int[] {1, 5, 16, 33}) {
                for (int[] v : new int[][] {{1, 1, 2}, {2, 1, 1}, {1, 5, 7}, {3, 7, 7}}) {
                    long[] shape = {n, c, v[0], v[1], v[2]};
                    INDArray x = Nd4j.randn(DataType.FLOAT, shape).muli(0.5f).addi(20f); // mean 20, std 0.5
                    INDArray gamma = Nd4j.randn(DataType.FLOAT, c);
                    INDArray beta = Nd4j.randn(DataType.FLOAT, c);
                    INDArray out = Nd4j.create(DataType.FLOAT, shape);
                    assertTrue(BatchNormKernels.fusedTrainingForward(x, out));
                    INDArray[] mv = BatchNormKernels.trainingForward(x, gamma, beta, out, 1e-3, true,
                            LayerWorkspaceMgr.noWorkspaces(), null);

                    INDArray xd = x.castTo(DataType.DOUBLE);
                    INDArray[] ref = BatchNormKernels.moments(xd);
                    INDArray expected = Nd4j.create(DataType.DOUBLE, shape);
                    BatchNormKernels.normaliseRelu(xd, ref[0], ref[1], gamma.castTo(DataType.DOUBLE),
                            beta.castTo(DataType.DOUBLE), expected, 1e-3);
                    String at = " of " + java.util.Arrays.toString(shape);
                    assertEquals(0, ref[0].sub(mv[0].castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 2e-5 * 20,
                            "mean" + at);
                    assertEquals(0, ref[1].sub(mv[1].castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 1e-3 * 0.25,
                            "variance" + at);
                    double scale = Math.max(1, expected.amaxNumber().doubleValue());
                    assertEquals(0, expected.sub(out.castTo(DataType.DOUBLE)).amaxNumber().doubleValue(),
                            2e-3 * scale, "output" + at);
                    checked++;
                }
            }
        }
        assertEquals(48, checked);
    }

    /**
     * The backward pass with the ReLU fused (the mask kept from the forward pass, applied by the primitive) against
     * the ReLU mask applied first and the plain backward pass, over blocked shapes with padded channel blocks and
     * the plain layout; an ignored mask would give other gradients wherever the ReLU clipped.
     */
    @org.junit.jupiter.api.Test
    void fusedReluBackwardEqualsMaskThenBackward() {
        Nd4j.getRandom().setSeed(5);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        int checked = 0;
        for (long[] shape : new long[][] {{2, 7, 3, 5, 6}, {4, 32, 2, 7, 7}, {1, 33, 1, 5, 7}, {3, 16, 2, 1, 1},
                {2, 130, 1, 3, 3}}) {
            long c = shape[1];
            OneDnnBatchNorm3d bn = OneDnnBatchNorm3d.forGeometry(new OneDnnBatchNorm3d.Geometry(shape, 1e-5f));
            INDArray x = Nd4j.randn(DataType.FLOAT, shape);
            INDArray gamma = Nd4j.rand(DataType.FLOAT, c).addi(0.5);
            INDArray beta = Nd4j.randn(DataType.FLOAT, c).muli(0.3);
            INDArray y = Nd4j.create(DataType.FLOAT, shape);
            INDArray m = Nd4j.create(DataType.FLOAT, c);
            INDArray v = Nd4j.create(DataType.FLOAT, c);
            INDArray mask = Nd4j.create(DataType.FLOAT, bn.reluWorkspaceFloats());
            bn.forwardTraining(x, gamma, beta, true, y, m, v, mgr, ArrayType.FF_WORKING_MEM, mask);
            double clipped = y.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
            assertTrue(clipped > 0.1 && clipped < 0.9, "the ReLU must clip part of " + java.util.Arrays.toString(shape));

            INDArray dy = Nd4j.randn(DataType.FLOAT, shape);
            INDArray masked = dy.mul(y.gt(0).castTo(DataType.FLOAT));
            INDArray dxRef = Nd4j.create(DataType.FLOAT, shape);
            INDArray dgRef = Nd4j.create(DataType.FLOAT, c);
            INDArray dbRef = Nd4j.create(DataType.FLOAT, c);
            bn.backward(x, masked, m, v, gamma, beta, true, dxRef, dgRef, dbRef, mgr, null);
            INDArray dx = Nd4j.create(DataType.FLOAT, shape);
            INDArray dg = Nd4j.create(DataType.FLOAT, c);
            INDArray db = Nd4j.create(DataType.FLOAT, c);
            bn.backward(x, dy.dup(), m, v, gamma, beta, true, dx, dg, db, mgr, mask);
            String at = " of " + java.util.Arrays.toString(shape) + (bn.blocked() ? " (blocked)" : " (plain)");
            assertClose(dxRef, dx, "dx" + at);
            assertClose(dgRef, dg, "dgamma" + at);
            assertClose(dbRef, db, "dbeta" + at);
            checked++;
        }
        assertEquals(5, checked);
        INDArray small = Nd4j.create(DataType.FLOAT, 1);
        OneDnnBatchNorm3d bn = OneDnnBatchNorm3d.forGeometry(new OneDnnBatchNorm3d.Geometry(
                new long[] {4, 32, 2, 7, 7}, 1e-5f));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> bn.backward(null, null, null, null, null, null, false, null, null, null, mgr, small),
                "a mask with fixed statistics or too short must be refused");
    }
}
