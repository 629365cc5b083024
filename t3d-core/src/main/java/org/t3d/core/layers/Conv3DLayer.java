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

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Convolution3D c = (Convolution3D) layerConf();
        boolean fast = c.getActivationFn() instanceof ActivationIdentity && !c.hasBias()
                && c.getDataFormat() == Convolution3D.DataFormat.NCDHW && c.getWeightNoise() == null && c.getIDropout() == null
                && input != null && input.rank() == 5;
        if (!fast) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
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
        if (inShape[1] != c.getNIn()) {
            throw new IllegalArgumentException("Layer '" + c.getLayerName() + "' (Conv3D) expects " + c.getNIn()
                    + " input channels, got input shape " + Arrays.toString(inShape));
        }
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
}
