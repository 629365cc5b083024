package org.t3d.core.layers;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * What every T3D-J layer with PyTorch-style batch normalisation shares ({@link BatchNorm3D}, {@link BnReluConv1x1}):
 * ε and momentum, running statistics stored as parameters that no updater touches, no pre-processor, no pretraining.
 */
public abstract class AbstractBatchNorm3D extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    private double eps = 1e-5;
    private double momentum = 0.1;

    /** For JSON deserialisation. */
    protected AbstractBatchNorm3D() {
        super();
    }

    /** @param builder a configured builder */
    protected AbstractBatchNorm3D(Builder<?> builder) {
        super(builder);
        this.eps = builder.eps;
        this.momentum = builder.momentum;
    }

    /**
     * @param paramName a parameter key of the layer
     * @return true for the running mean and variance (updated in the forward pass, never by an updater)
     */
    protected abstract boolean isRunningStat(String paramName);

    /**
     * @param conf     the layer's configuration
     * @param dataType network data type
     * @return a new, not yet initialised layer implementation
     */
    protected abstract BaseLayer<?> newLayer(NeuralNetConfiguration conf, DataType dataType);

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        BaseLayer<?> ret = newLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    /** @return epsilon added to the variance */
    public double getEps() {
        return eps;
    }

    /** @param eps epsilon added to the variance (JSON) */
    public void setEps(double eps) {
        this.eps = eps;
    }

    /** @return PyTorch-style momentum of the running statistics (DL4J decay = 1 − momentum) */
    public double getMomentum() {
        return momentum;
    }

    /** @param momentum PyTorch-style momentum (JSON) */
    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return isRunningStat(paramName) ? new NoOp() : iUpdater;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass() || !super.equals(o)) {
            return false;
        }
        AbstractBatchNorm3D that = (AbstractBatchNorm3D) o;
        return Double.compare(that.eps, eps) == 0 && Double.compare(that.momentum, momentum) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), eps, momentum);
    }

    /**
     * Builder part for ε and momentum (PyTorch defaults 1e-5 and 0.1).
     *
     * @param <T> the concrete builder
     */
    public abstract static class Builder<T extends Builder<T>> extends FeedForwardLayer.Builder<T> {
        private double eps = 1e-5;
        private double momentum = 0.1;

        /** @param eps added to the variance, must be positive; default 1e-5 @return this */
        @SuppressWarnings("unchecked")
        public T eps(double eps) {
            if (!(eps > 0)) {
                throw new IllegalArgumentException("eps must be > 0, got " + eps);
            }
            this.eps = eps;
            return (T) this;
        }

        /** @param momentum PyTorch-style running-stat momentum in [0, 1]; default 0.1 @return this */
        @SuppressWarnings("unchecked")
        public T momentum(double momentum) {
            if (!(momentum >= 0 && momentum <= 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
            }
            this.momentum = momentum;
            return (T) this;
        }
    }
}
