package org.t3d.core.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Implementation of {@link BatchNorm3D}. Memory-lean: it keeps only the per-channel batch statistics
 * from the forward pass and recomputes the normalised input (and the ReLU mask) in the backward pass.
 * In float32 on the CPU backend the backward pass after the ReLU mask is one oneDNN primitive
 * ({@link OneDnnBatchNorm3d}; switch: {@link OneDnn}); double precision runs {@link BatchNormKernels#backward},
 * the gradient-checked reference.
 */
public class BatchNorm3DLayer extends AbstractBatchNorm3DLayer<BatchNorm3D> {

    private static final long serialVersionUID = 1L;

    /** Mode and statistics of the last forward pass, used by the backward pass. */
    private boolean lastTraining;
    private INDArray lastMean;
    private INDArray lastVar;
    /** Output of the last forward pass (its ReLU mask serves the backward pass while its workspace is open). */
    private INDArray lastOutput;
    /** The fused ReLU's mask from the last oneDNN training forward pass (applied by the backward primitive). */
    private INDArray lastReluMask;

    /**
     * @param conf     the layer's configuration
     * @param dataType network data type
     */
    public BatchNorm3DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.NORMALIZATION;
    }

    private long channels() {
        return layerConf().getNOut();
    }

    private INDArray param(String key) {
        return getParam(key).reshape(channels());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        BatchNorm3D conf = layerConf();
        Shapes.requireNcdhw(input, channels(), conf.getLayerName(), "BatchNorm3D");
        int[] min = conf.getConsumerMinInput();
        if (min != null && (input.size(2) < min[0] || input.size(3) < min[1] || input.size(4) < min[2])) {
            throw new IllegalArgumentException("Layer '" + conf.getConsumer() + "' needs an input of at least T="
                    + min[0] + ", H=" + min[1] + ", W=" + min[2] + " (kernel larger than the padded input); got shape "
                    + Arrays.toString(input.shape()) + " at its input layer '" + conf.getLayerName() + "'");
        }
        INDArray x = input.castTo(dataType);

        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        INDArray gamma = param(BatchNorm3DParamInitializer.GAMMA);
        INDArray beta = param(BatchNorm3DParamInitializer.BETA);
        boolean relu = conf.getActivation() == BatchNorm3D.Activation.RELU;
        // float32 training: statistics and output (ReLU fused) in one oneDNN batch-norm primitive
        boolean fused = training && BatchNormKernels.fusedTrainingForward(x, out);
        INDArray mean;
        INDArray var;
        lastReluMask = null;
        if (training) {
            BatchNormKernels.requireTrainableBatch(x, conf.getLayerName(), "BatchNorm3D");
            if (fused && relu) {
                // kept with the layer's other forward state (ArrayType.INPUT) until the backward pass: 1/32 of the
                // output, and the backward primitive applies it instead of a separate ReLU-mask pass
                lastReluMask = workspaceMgr.createUninitialized(ArrayType.INPUT, DataType.FLOAT,
                        new long[] {BatchNormKernels.reluWorkspaceFloats(x.shape(), conf.getEps())}, 'c');
            }
            INDArray[] mv = fused
                    ? BatchNormKernels.trainingForward(x, gamma, beta, out, conf.getEps(), relu, workspaceMgr,
                            lastReluMask)
                    : BatchNormKernels.moments(x);
            mean = mv[0];
            var = mv[1];
            BatchNormKernels.updateRunning(param(BatchNorm3DParamInitializer.MEAN),
                    param(BatchNorm3DParamInitializer.VAR), mean, var, conf.getMomentum(),
                    BatchNormKernels.valuesPerChannel(x));
            lastMean = workspaceMgr.dup(ArrayType.INPUT, mean);
            lastVar = workspaceMgr.dup(ArrayType.INPUT, var);
        } else {
            mean = param(BatchNorm3DParamInitializer.MEAN);
            var = param(BatchNorm3DParamInitializer.VAR);
            lastMean = null;
            lastVar = null;
        }
        lastTraining = training;

        // y = γ·(x − μ)/√(σ² + ε) + β in one native pass (oneDNN binary primitive or libnd4j batchnorm), ReLU fused
        if (!fused && relu) {
            BatchNormKernels.normaliseRelu(x, mean, var, gamma, beta, out, conf.getEps());
        } else if (!fused) {
            BatchNormKernels.normalise(x, mean, var, gamma, beta, out, conf.getEps());
        }
        lastOutput = out;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        BatchNorm3D conf = layerConf();
        INDArray x = input.castTo(dataType);

        INDArray gamma = param(BatchNorm3DParamInitializer.GAMMA);
        INDArray beta = param(BatchNorm3DParamInitializer.BETA);
        INDArray mean;
        INDArray var;
        if (lastTraining && lastMean != null) {
            mean = lastMean;
            var = lastVar;
        } else {
            mean = param(BatchNorm3DParamInitializer.MEAN);
            var = param(BatchNorm3DParamInitializer.VAR);
        }
        long[] shape = x.shape();
        // Every full-size temporary comes from the layer's working-memory workspace (a fresh off-workspace array of a
        // few MB costs ~18 ms in page faults on this machine), and every per-channel scale/shift is one native
        // batchnorm pass (a BroadcastMulOp is 3-7x slower): docs/performance.md.
        INDArray dy = epsilon.castTo(dataType);
        INDArray reluMask = lastTraining && lastReluMask != null && !lastReluMask.wasClosed()
                && OneDnn.applies(dataType) ? lastReluMask : null;
        if (conf.getActivation() == BatchNorm3D.Activation.RELU && reluMask == null) {
            // ReLU mask from the forward output when it is still alive (it is, within one fit step), else recomputed.
            INDArray masked = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, shape, 'c');
            if (lastOutput != null && !lastOutput.wasClosed() && Arrays.equals(lastOutput.shape(), shape)) {
                BatchNormKernels.reluBackward(lastOutput, dy, masked);
            } else {
                BatchNormKernels.normalise(x, mean, var, gamma, beta, masked, conf.getEps());
                BatchNormKernels.reluBackward(masked, dy, masked);
            }
            dy = masked;
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, shape, 'c');
        INDArray[] dGammaBeta = batchNormBackward(x, dy, mean, var, gamma, beta, lastTraining, dx, workspaceMgr,
                reluMask);

        Gradient g = batchNormGradient(dGammaBeta);
        return new Pair<>(g, dx);
    }

    @Override
    public void clear() {
        super.clear();
        lastMean = null;
        lastVar = null;
        lastOutput = null;
        lastReluMask = null;
    }
}
