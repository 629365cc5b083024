package org.t3d.core.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Implementation of {@link BnReluConv1x1}: BN → ReLU → 1×1×1 convolution that keeps nothing of its BN-ReLU output.
 *
 * <p>Forward: batch statistics (training) or running statistics (inference); BN-ReLU into a buffer of the
 * forward working-memory workspace ({@link ArrayType#FF_WORKING_MEM}, released when the layer returns); the
 * convolution as one sgemm per sample, {@code y[n] = W · a[n]} on the contiguous {@code [C, T·H·W]} slices. Only the
 * per-channel batch mean and variance survive until the backward pass.
 *
 * <p>Backward: BN-ReLU is recomputed from the layer input with the <em>saved</em> statistics (the running statistics
 * are not touched), then {@code dW = Σ_n dy[n]·a[n]ᵀ}, {@code da[n] = Wᵀ·dy[n]}, the ReLU mask, and the BN backward
 * shared with {@link BatchNorm3DLayer} ({@link BatchNormKernels}). All full-size temporaries come from
 * {@link ArrayType#BP_WORKING_MEM}: the recomputed BN-ReLU buffer then takes the masked gradient and the conv-input
 * gradient's buffer is reused for x̂, so the backward pass needs two input-sized temporaries plus the input gradient,
 * as the unfused pair does.
 */
public class BnReluConv1x1Layer extends AbstractBatchNorm3DLayer<BnReluConv1x1> {

    private static final long serialVersionUID = 1L;
    private static final String KIND = "BnReluConv1x1";

    /** Mode and batch statistics of the last forward pass, for the backward pass. */
    private boolean lastTraining;
    private INDArray lastMean;
    private INDArray lastVar;

    /**
     * @param conf     the layer's configuration
     * @param dataType network data type
     */
    public BnReluConv1x1Layer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL3D;
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    private long inChannels() {
        return layerConf().getNIn();
    }

    private long outChannels() {
        return layerConf().getNOut();
    }

    private INDArray bnParam(String key) {
        return getParam(key).reshape(inChannels());
    }

    /** @return W as a [Cout, Cin] view */
    private INDArray weight2d() {
        return getParam(BnReluConv1x1ParamInitializer.WEIGHT).reshape('c', outChannels(), inChannels());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        BnReluConv1x1 conf = layerConf();
        Shapes.requireNcdhw(input, inChannels(), conf.getLayerName(), KIND);
        INDArray x = OneDnnRuntime.contiguous(input.castTo(dataType), workspaceMgr, ArrayType.FF_WORKING_MEM);
        long[] shape = x.shape();

        // BN-ReLU lives only in the forward working memory: it is released when this method returns.
        INDArray a = workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, shape, 'c');
        INDArray gamma = bnParam(BnReluConv1x1ParamInitializer.GAMMA);
        INDArray beta = bnParam(BnReluConv1x1ParamInitializer.BETA);
        // float32 training: statistics and BN-ReLU in one oneDNN batch-norm primitive
        boolean fused = training && BatchNormKernels.fusedTrainingForward(x, a);
        INDArray mean;
        INDArray var;
        if (training) {
            BatchNormKernels.requireTrainableBatch(x, conf.getLayerName(), KIND);
            INDArray[] mv = fused
                    ? BatchNormKernels.trainingForward(x, gamma, beta, a, conf.getEps(), true, workspaceMgr, null)
                    : BatchNormKernels.moments(x);
            mean = mv[0];
            var = mv[1];
            BatchNormKernels.updateRunning(bnParam(BnReluConv1x1ParamInitializer.MEAN),
                    bnParam(BnReluConv1x1ParamInitializer.VAR), mean, var, conf.getMomentum(),
                    BatchNormKernels.valuesPerChannel(x));
            lastMean = workspaceMgr.dup(ArrayType.INPUT, mean);
            lastVar = workspaceMgr.dup(ArrayType.INPUT, var);
        } else {
            mean = bnParam(BnReluConv1x1ParamInitializer.MEAN);
            var = bnParam(BnReluConv1x1ParamInitializer.VAR);
            lastMean = null;
            lastVar = null;
        }
        lastTraining = training;
        if (!fused) {
            BatchNormKernels.normaliseRelu(x, mean, var, gamma, beta, a, conf.getEps());
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {shape[0], outChannels(), shape[2], shape[3], shape[4]}, 'c');
        PointwiseConv.forward(weight2d(), a, out);
        return out;
    }

    private static boolean cContiguous(INDArray x) {
        return x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) && !x.isEmpty();
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        BnReluConv1x1 conf = layerConf();
        // A dense block's shared concat buffer hands this layer a channel-prefix view (not contiguous for batch > 1):
        // one contiguous copy in working memory serves the recomputation and the BN backward below.
        INDArray x = OneDnnRuntime.contiguous(input.castTo(dataType), workspaceMgr, ArrayType.BP_WORKING_MEM);
        long[] shape = x.shape();
        long[] outShape = {shape[0], outChannels(), shape[2], shape[3], shape[4]};
        if (!Arrays.equals(epsilon.shape(), outShape)) {
            throw new IllegalArgumentException("Layer '" + conf.getLayerName() + "' (" + KIND
                    + ") expects an output gradient of shape " + Arrays.toString(outShape) + ", got "
                    + Arrays.toString(epsilon.shape()));
        }
        INDArray dy = epsilon.castTo(dataType);
        if (!cContiguous(dy)) {
            dy = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, dy, 'c');
        }

        INDArray mean;
        INDArray var;
        if (lastTraining) {
            if (lastMean == null || lastMean.wasClosed()) {
                throw new IllegalStateException("Layer '" + conf.getLayerName() + "' (" + KIND
                        + "): backward pass without the batch statistics of a training-mode forward pass");
            }
            mean = lastMean;
            var = lastVar;
        } else {
            mean = bnParam(BnReluConv1x1ParamInitializer.MEAN);
            var = bnParam(BnReluConv1x1ParamInitializer.VAR);
        }
        INDArray gamma = bnParam(BnReluConv1x1ParamInitializer.GAMMA);
        INDArray beta = bnParam(BnReluConv1x1ParamInitializer.BETA);

        // 1. recompute a = ReLU(BN(x)) with the statistics of the forward pass (running statistics untouched)
        INDArray a = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, shape, 'c');
        BatchNormKernels.normaliseRelu(x, mean, var, gamma, beta, a, conf.getEps());

        // 2. convolution: dW = Σ_n dy[n]·a[n]ᵀ (accumulated in the gradient view), da[n] = Wᵀ·dy[n]
        INDArray gW = gradientViews.get(BnReluConv1x1ParamInitializer.WEIGHT);
        INDArray gW2d = gW.reshape('c', outChannels(), inChannels());
        INDArray da = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, shape, 'c');
        PointwiseConv.backward(weight2d(), a, dy, da, gW2d, workspaceMgr);

        // 3. ReLU mask (into a: the mask is all that is left of it), then BN backward
        BatchNormKernels.reluBackward(a, da, a);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, shape, 'c');
        INDArray[] dGammaBeta = batchNormBackward(x, a, mean, var, gamma, beta, lastTraining, dx, workspaceMgr,
                null);

        Gradient g = batchNormGradient(dGammaBeta);
        g.setGradientFor(BnReluConv1x1ParamInitializer.WEIGHT, gW);
        return new Pair<>(g, dx);
    }

    @Override
    public void clear() {
        super.clear();
        lastMean = null;
        lastVar = null;
    }
}
