package org.t3d.core.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Implementation of {@link BatchNorm3D}. Memory-lean: it keeps only the per-channel batch statistics
 * from the forward pass and recomputes the normalised input (and the ReLU mask) in the backward pass.
 */
public class BatchNorm3DLayer extends BaseLayer<BatchNorm3D> {

    private static final long serialVersionUID = 1L;
    private static final int[] REDUCE = {0, 2, 3, 4};

    private List<TrainingListener> listeners = new ArrayList<>();
    private int index;

    /** Mode and statistics of the last forward pass, used by the backward pass. */
    private boolean lastTraining;
    private INDArray lastMean;
    private INDArray lastInvStd;

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

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("BatchNorm3D is trained as part of a network");
    }

    @Override
    public Gradient gradient() {
        return gradient;
    }

    @Override
    public Collection<TrainingListener> getListeners() {
        return listeners;
    }

    @Override
    public void setListeners(TrainingListener... listeners) {
        this.listeners = new ArrayList<>(Arrays.asList(listeners));
    }

    @Override
    public void setListeners(Collection<TrainingListener> listeners) {
        this.listeners = listeners == null ? new ArrayList<>() : new ArrayList<>(listeners);
    }

    @Override
    public void setIndex(int index) {
        this.index = index;
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return !BatchNorm3DParamInitializer.isRunningStat(paramName);
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
        long c = channels();
        long n = x.length() / c;

        INDArray mean;
        INDArray invStd;
        if (training) {
            if (n < 2) {
                throw new IllegalArgumentException("Layer '" + conf.getLayerName()
                        + "' (BatchNorm3D) needs more than one value per channel in training mode, got input shape "
                        + Arrays.toString(x.shape()));
            }
            mean = x.mean(REDUCE);
            INDArray var = x.var(false, REDUCE);
            double m = conf.getMomentum();
            INDArray runMean = param(BatchNorm3DParamInitializer.MEAN);
            INDArray runVar = param(BatchNorm3DParamInitializer.VAR);
            runMean.muli(1 - m).addi(mean.mul(m));
            runVar.muli(1 - m).addi(var.mul(m * n / (double) (n - 1)));
            invStd = Transforms.pow(var.addi(conf.getEps()), -0.5, false);
            lastMean = workspaceMgr.dup(ArrayType.INPUT, mean);
            lastInvStd = workspaceMgr.dup(ArrayType.INPUT, invStd);
        } else {
            mean = param(BatchNorm3DParamInitializer.MEAN);
            invStd = Transforms.pow(param(BatchNorm3DParamInitializer.VAR).add(conf.getEps()), -0.5, false);
            lastMean = null;
            lastInvStd = null;
        }
        lastTraining = training;

        // y = x·scale + shift, scale = γ/σ, shift = β − μ·scale
        INDArray scale = param(BatchNorm3DParamInitializer.GAMMA).mul(invStd);
        INDArray shift = param(BatchNorm3DParamInitializer.BETA).sub(mean.mul(scale));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, scale, out, 1));
        Nd4j.getExecutioner().exec(new BroadcastAddOp(out, shift, out, 1));
        if (conf.getActivation() == BatchNorm3D.Activation.RELU) {
            Transforms.relu(out, false);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        BatchNorm3D conf = layerConf();
        INDArray x = input.castTo(dataType);
        long c = channels();
        long n = x.length() / c;

        INDArray gamma = param(BatchNorm3DParamInitializer.GAMMA);
        INDArray mean;
        INDArray invStd;
        if (lastTraining && lastMean != null) {
            mean = lastMean;
            invStd = lastInvStd;
        } else {
            mean = param(BatchNorm3DParamInitializer.MEAN);
            invStd = Transforms.pow(param(BatchNorm3DParamInitializer.VAR).add(conf.getEps()), -0.5, false);
        }

        // x̂ = (x − μ)·invStd
        INDArray xHat = Nd4j.createUninitialized(dataType, x.shape(), 'c');
        Nd4j.getExecutioner().exec(new BroadcastSubOp(x, mean, xHat, 1));
        Nd4j.getExecutioner().exec(new BroadcastMulOp(xHat, invStd, xHat, 1));

        INDArray dy = epsilon.castTo(dataType);
        if (conf.getActivation() == BatchNorm3D.Activation.RELU) {
            // ReLU mask from the recomputed pre-activation γ·x̂ + β
            INDArray pre = Nd4j.createUninitialized(dataType, x.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(xHat, gamma, pre, 1));
            Nd4j.getExecutioner().exec(new BroadcastAddOp(pre, param(BatchNorm3DParamInitializer.BETA), pre, 1));
            dy = Transforms.step(pre, false).muli(dy);
        }

        INDArray dBeta = dy.sum(REDUCE);
        INDArray dGamma = dy.mul(xHat).sum(REDUCE);

        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        INDArray scale = gamma.mul(invStd);
        if (lastTraining) {
            // dx = γ·invStd · (dy − mean(dy) − x̂·mean(dy·x̂))
            Nd4j.getExecutioner().exec(new BroadcastMulOp(xHat, dGamma.div(n), dx, 1));
            dx.rsubi(dy);
            Nd4j.getExecutioner().exec(new BroadcastSubOp(dx, dBeta.div(n), dx, 1));
            Nd4j.getExecutioner().exec(new BroadcastMulOp(dx, scale, dx, 1));
        } else {
            Nd4j.getExecutioner().exec(new BroadcastMulOp(dy, scale, dx, 1));
        }

        Gradient g = new DefaultGradient();
        INDArray gGamma = gradientViews.get(BatchNorm3DParamInitializer.GAMMA);
        INDArray gBeta = gradientViews.get(BatchNorm3DParamInitializer.BETA);
        INDArray gMean = gradientViews.get(BatchNorm3DParamInitializer.MEAN);
        INDArray gVar = gradientViews.get(BatchNorm3DParamInitializer.VAR);
        gGamma.assign(dGamma.reshape(gGamma.shape()));
        gBeta.assign(dBeta.reshape(gBeta.shape()));
        gMean.assign(0);
        gVar.assign(0);
        g.setGradientFor(BatchNorm3DParamInitializer.GAMMA, gGamma);
        g.setGradientFor(BatchNorm3DParamInitializer.BETA, gBeta);
        g.setGradientFor(BatchNorm3DParamInitializer.MEAN, gMean);
        g.setGradientFor(BatchNorm3DParamInitializer.VAR, gVar);
        return new Pair<>(g, dx);
    }

    @Override
    public void clear() {
        super.clear();
        lastMean = null;
        lastInvStd = null;
    }
}
