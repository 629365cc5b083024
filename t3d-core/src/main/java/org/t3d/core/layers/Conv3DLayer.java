package org.t3d.core.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.Convolution3DLayer;
import org.deeplearning4j.nn.params.Convolution3DParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.Convolution3DUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Convolution3DLayer} whose backward pass skips the forward convolution that DL4J 1.0.0-M2.1 re-runs in
 * every {@code backpropGradient} only to differentiate the activation. With the identity activation (every
 * convolution of DenseNet3D/T3D: BN and ReLU come before it) the pre-activation is not needed, and the backward costs
 * one native {@code conv3dnew_bp} call instead of a {@code conv3dnew} plus a {@code conv3dnew_bp}. Any other
 * activation, NDHWC data or a bias falls back to DL4J's implementation unchanged.
 *
 * <p>Pointwise convolutions (1×1×1 kernel, stride 1, no padding: the bottleneck of every dense layer, the
 * transitions and the TTL's post-conv) run as one sgemm per sample, {@code Y[n] = W·X[n]} on the [C, T·H·W] view of
 * each sample, with {@code dX[n] = Wᵀ·dY[n]} and {@code dW = Σₙ dY[n]·X[n]ᵀ} in backward: measured 5.7× faster forward
 * and 3.3× faster backward than {@code conv3dnew} on [2,256,8,28,28] → 128 (docs/performance.md).
 *
 * <p>Every other linear float32 convolution in "same" or truncate mode (the 3×3×3 convolutions of the dense layers,
 * the TTL branches, the stem) runs on oneDNN directly with primitives cached per shape ({@link OneDnn}), forward and
 * backward; double precision, the CUDA backend or {@code -Dt3d.onednn=false} keep libnd4j's {@code conv3dnew}.
 */
public class Conv3DLayer extends Convolution3DLayer {

    private static final long serialVersionUID = 1L;

    /**
     * @param conf     layer configuration
     * @param dataType network data type
     */
    public Conv3DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return true when the layer is linear, bias-free, NCDHW and without noise/dropout (the fast paths apply) */
    private boolean linear() {
        Convolution3D c = (Convolution3D) layerConf();
        return c.getActivationFn() instanceof ActivationIdentity && !c.hasBias()
                && c.getDataFormat() == Convolution3D.DataFormat.NCDHW && c.getWeightNoise() == null
                && c.getIDropout() == null && input != null && input.rank() == 5;
    }

    /** @return true for a linear 1×1×1, stride-1, unpadded, undilated convolution */
    private boolean pointwise() {
        Convolution3D c = (Convolution3D) layerConf();
        return linear() && Arrays.equals(c.getKernelSize(), new int[] {1, 1, 1})
                && Arrays.equals(c.getStride(), new int[] {1, 1, 1})
                && Arrays.equals(c.getDilation(), new int[] {1, 1, 1})
                && (c.getConvolutionMode() == ConvolutionMode.Same
                        || Arrays.equals(c.getPadding(), new int[] {0, 0, 0}));
    }

    private void requireChannels(INDArray x) {
        Convolution3D c = (Convolution3D) layerConf();
        if (x.size(1) != c.getNIn()) {
            throw new IllegalArgumentException("Layer '" + c.getLayerName() + "' (Conv3D) expects " + c.getNIn()
                    + " input channels, got input shape " + Arrays.toString(x.shape()));
        }
    }


    /**
     * @param x the layer input
     * @return the oneDNN geometry of this convolution on {@code x}, or null when the oneDNN path does not apply
     *         (switched off, not float32, not CPU, pointwise, strict mode or negative end padding)
     */
    private OneDnnConv3d.Geometry oneDnnGeometry(INDArray x) {
        Convolution3D c = (Convolution3D) layerConf();
        if (!linear() || pointwise() || !OneDnn.applies(dataType) || x.size(1) != c.getNIn()) {
            return null;
        }
        OneDnnPadding pad = OneDnnPadding.of(x, c.getKernelSize(), c.getStride(), c.getPadding(),
                c.getConvolutionMode(), c.getDilation());
        return pad == null ? null : new OneDnnConv3d.Geometry(x.shape(), c.getNOut(),
                OneDnnPadding.longs(c.getKernelSize()), OneDnnPadding.longs(c.getStride()), pad.before(), pad.after(),
                OneDnnPadding.longs(c.getDilation()));
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!pointwise()) {
            OneDnnConv3d.Geometry g = input == null ? null : oneDnnGeometry(input);
            if (g == null) {
                return super.activate(training, workspaceMgr);
            }
            assertInputSet(false);
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, g.output(), 'c');
            try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) { // lookup and use in one hold (see OneDnnCache)
                OneDnnConv3d.forGeometry(g).forward(
                        OneDnnRuntime.contiguous(input.castTo(dataType), workspaceMgr, ArrayType.FF_WORKING_MEM),
                        OneDnnRuntime.contiguous(getParam(Convolution3DParamInitializer.WEIGHT_KEY), workspaceMgr,
                                ArrayType.FF_WORKING_MEM),
                        out, workspaceMgr, ArrayType.FF_WORKING_MEM);
            }
            return out;
        }
        assertInputSet(false);
        INDArray x = input.castTo(dataType);
        requireChannels(x);
        Convolution3D c = (Convolution3D) layerConf();
        long n = x.size(0);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {n, c.getNOut(), x.size(2), x.size(3), x.size(4)}, 'c');
        INDArray w = getParam(Convolution3DParamInitializer.WEIGHT_KEY).reshape('c', c.getNOut(), c.getNIn());
        PointwiseConv.forward(w, OneDnnRuntime.contiguous(x, workspaceMgr, ArrayType.FF_WORKING_MEM), out);
        return out;
    }

    private Pair<Gradient, INDArray> pointwiseBackward(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray x = input.castTo(dataType);
        requireChannels(x);
        Convolution3D c = (Convolution3D) layerConf();
        INDArray w = getParam(Convolution3DParamInitializer.WEIGHT_KEY).reshape('c', c.getNOut(), c.getNIn());
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        INDArray weightGrad = gradientViews.get(Convolution3DParamInitializer.WEIGHT_KEY);
        PointwiseConv.backward(w, OneDnnRuntime.contiguous(x, workspaceMgr, ArrayType.BP_WORKING_MEM),
                OneDnnRuntime.contiguous(epsilon.castTo(dataType), workspaceMgr, ArrayType.BP_WORKING_MEM), dx,
                weightGrad.reshape('c', c.getNOut(), c.getNIn()), workspaceMgr);
        Gradient g = new DefaultGradient();
        g.setGradientFor(Convolution3DParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        return new Pair<>(g, dx);
    }

    private Pair<Gradient, INDArray> oneDnnBackward(OneDnnConv3d.Geometry geometry, INDArray epsilon,
            LayerWorkspaceMgr workspaceMgr) {
        if (!Arrays.equals(epsilon.shape(), geometry.output())) {
            throw new IllegalArgumentException("Layer '" + layerConf().getLayerName() + "' (Conv3D): output gradient "
                    + Arrays.toString(epsilon.shape()) + " does not match the output shape "
                    + Arrays.toString(geometry.output()));
        }
        INDArray dx = inputGradient()
                ? workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c')
                : null;
        INDArray weightGrad = gradientViews.get(Convolution3DParamInitializer.WEIGHT_KEY);
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) { // lookup and use in one hold (see OneDnnCache)
            OneDnnConv3d.forGeometry(geometry).backward(
                    OneDnnRuntime.contiguous(input.castTo(dataType), workspaceMgr, ArrayType.BP_WORKING_MEM),
                    OneDnnRuntime.contiguous(getParam(Convolution3DParamInitializer.WEIGHT_KEY), workspaceMgr, ArrayType.BP_WORKING_MEM),
                    OneDnnRuntime.contiguous(epsilon.castTo(dataType), workspaceMgr, ArrayType.BP_WORKING_MEM), dx, weightGrad,
                    workspaceMgr);
        }
        Gradient g = new DefaultGradient();
        g.setGradientFor(Convolution3DParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        return new Pair<>(g, dx);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> p = backward(epsilon, workspaceMgr);
        if (!inputGradient()) {
            p.setSecond(null); // the oneDNN path skips computing it; the others compute it anyway
        }
        return p;
    }

    /** @return false when the configuration asks for no input gradient ({@link Conv3D#isInputGradient()}) */
    private boolean inputGradient() {
        return !(layerConf() instanceof Conv3D c) || c.isInputGradient();
    }

    private Pair<Gradient, INDArray> backward(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!linear()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (pointwise()) {
            return pointwiseBackward(epsilon, workspaceMgr);
        }
        OneDnnConv3d.Geometry geometry = oneDnnGeometry(input);
        if (geometry != null) {
            return oneDnnBackward(geometry, epsilon, workspaceMgr);
        }
        Convolution3D c = (Convolution3D) layerConf();
        INDArray x = input.castTo(dataType);
        INDArray weights = getParam(Convolution3DParamInitializer.WEIGHT_KEY);
        int[] kernel = c.getKernelSize();
        int[] strides = c.getStride();
        int[] dilation = c.getDilation();
        int[] pad;
        if (c.getConvolutionMode() == ConvolutionMode.Same) {
            int[] outSize = Convolution3DUtils.get3DOutputSize(x, kernel, strides, null, ConvolutionMode.Same,
                    dilation, true);
            pad = Convolution3DUtils.get3DSameModeTopLeftPadding(outSize,
                    new int[] {(int) x.size(2), (int) x.size(3), (int) x.size(4)}, kernel, strides, dilation);
        } else {
            pad = c.getPadding();
        }
        long[] inShape = x.shape();
        requireChannels(x);
        INDArray weightGrad = gradientViews.get(Convolution3DParamInitializer.WEIGHT_KEY);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, weights.dataType(), inShape, 'c');
        int[] iArgs = {kernel[0], kernel[1], kernel[2], strides[0], strides[1], strides[2], pad[0], pad[1], pad[2],
            dilation[0], dilation[1], dilation[2], c.getConvolutionMode() == ConvolutionMode.Same ? 1 : 0, 0};
        // DL4J weights [out, in, kD, kH, kW]; libnd4j conv3d weights [kD, kH, kW, in, out]
        CustomOp op = DynamicCustomOp.builder("conv3dnew_bp")
                .addInputs(x, weights.permute(2, 3, 4, 1, 0), epsilon.castTo(dataType))
                .addIntegerArguments(iArgs)
                .addOutputs(dx, weightGrad.permute(2, 3, 4, 1, 0))
                .callInplace(false)
                .build();
        Nd4j.getExecutioner().exec(op);
        Gradient g = new DefaultGradient();
        g.setGradientFor(Convolution3DParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        return new Pair<>(g, dx);
    }

    /** As DL4J's, with the sum of squares in one Java pass per array ({@link RegularizationScores}). */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return RegularizationScores.score(layerConf(), paramTable(), getIterationCount(), getEpochCount());
    }
}
