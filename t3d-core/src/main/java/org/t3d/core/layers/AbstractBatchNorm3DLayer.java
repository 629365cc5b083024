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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J layer plumbing shared by {@link BatchNorm3DLayer} and {@link BnReluConv1x1Layer}: listeners, index, no
 * pretraining, and running statistics that are neither divided by the minibatch nor updated by the updater.
 *
 * @param <C> the layer's configuration
 */
public abstract class AbstractBatchNorm3DLayer<C extends AbstractBatchNorm3D> extends BaseLayer<C> {

    private static final long serialVersionUID = 1L;

    private List<TrainingListener> listeners = new ArrayList<>();
    private int index;

    /**
     * @param conf     the layer's configuration
     * @param dataType network data type
     */
    protected AbstractBatchNorm3DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is trained as part of a network");
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

    /**
     * Writes the BN parameter gradients into the layer's gradient views: dγ and dβ as computed, zero for the running
     * statistics (they are updated in the forward pass, never by gradient).
     *
     * @param dGammaBeta {dγ, dβ}, each [C]
     * @return a gradient holding the four BN entries
     */
    /**
     * The batch-norm backward pass after the ReLU mask: one oneDNN primitive for float32 on the CPU backend
     * ({@link OneDnnBatchNorm3d}), else {@link BatchNormKernels#backward} (the gradient-checked reference).
     *
     * @param x     the forward input, NCDHW
     * @param dy    gradient of the BN output: with the ReLU mask applied, or of the ReLU output when
     *              {@code reluWorkspace} is given
     * @param mean  statistics the forward pass used [C]
     * @param var   variance the forward pass used [C]
     * @param gamma γ [C]
     * @param beta  β [C]
     * @param batch true when the forward pass used batch statistics
     * @param dx    input gradient, c-contiguous NCDHW, overwritten
     * @param mgr   workspace manager (working memory for temporaries)
     * @param reluWorkspace the mask of the fused ReLU kept from a oneDNN training forward pass (applied by the
     *              backward primitive), or null
     * @return {dγ, dβ}
     */
    protected INDArray[] batchNormBackward(INDArray x, INDArray dy, INDArray mean, INDArray var, INDArray gamma,
            INDArray beta, boolean batch, INDArray dx, LayerWorkspaceMgr mgr, INDArray reluWorkspace) {
        long[] channels = {x.size(1)};
        double eps = layerConf().getEps();
        if (OneDnn.applies(dataType)) {
            INDArray[] dGammaBeta = {mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, channels, 'c'),
                mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, channels, 'c')};
            try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) { // lookup and use in one hold (see OneDnnCache)
                OneDnnBatchNorm3d.forGeometry(new OneDnnBatchNorm3d.Geometry(x.shape(), (float) eps)).backward(
                        OneDnnRuntime.contiguous(x, mgr, ArrayType.BP_WORKING_MEM),
                        OneDnnRuntime.contiguous(dy, mgr, ArrayType.BP_WORKING_MEM), mean, var, gamma, beta, batch, dx,
                        dGammaBeta[0], dGammaBeta[1], mgr, reluWorkspace);
            }
            return dGammaBeta;
        }
        if (reluWorkspace != null) {
            throw new IllegalStateException("a ReLU workspace needs the oneDNN path (float32, CPU backend)");
        }
        INDArray xHat = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, x.shape(), 'c');
        return BatchNormKernels.backward(x, dy, mean, var, gamma, eps, batch, xHat, dx);
    }

    protected Gradient batchNormGradient(INDArray[] dGammaBeta) {
        Gradient g = new DefaultGradient();
        INDArray gGamma = gradientViews.get(BatchNorm3DParamInitializer.GAMMA);
        INDArray gBeta = gradientViews.get(BatchNorm3DParamInitializer.BETA);
        INDArray gMean = gradientViews.get(BatchNorm3DParamInitializer.MEAN);
        INDArray gVar = gradientViews.get(BatchNorm3DParamInitializer.VAR);
        gGamma.assign(dGammaBeta[0].reshape(gGamma.shape()));
        gBeta.assign(dGammaBeta[1].reshape(gBeta.shape()));
        gMean.assign(0);
        gVar.assign(0);
        g.setGradientFor(BatchNorm3DParamInitializer.GAMMA, gGamma);
        g.setGradientFor(BatchNorm3DParamInitializer.BETA, gBeta);
        g.setGradientFor(BatchNorm3DParamInitializer.MEAN, gMean);
        g.setGradientFor(BatchNorm3DParamInitializer.VAR, gVar);
        return g;
    }

    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return !layerConf().isRunningStat(paramName);
    }

    /** As DL4J's, with the sum of squares in one Java pass per array ({@link RegularizationScores}). */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return RegularizationScores.score(layerConf(), paramTable(), getIterationCount(), getEpochCount());
    }
}
