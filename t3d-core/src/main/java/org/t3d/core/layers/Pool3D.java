package org.t3d.core.layers;

import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link Subsampling3DLayer} (3D max / average pooling) whose layer ({@link Pool3DLayer}) runs float32 NCDHW
 * pooling on oneDNN's JIT kernels ({@link OneDnn}). Same configuration, JSON fields and results; anything that
 * handles a {@code Subsampling3DLayer} handles this one. Build it with {@link #builder(PoolingType)}.
 */
public class Pool3D extends Subsampling3DLayer {

    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation. */
    public Pool3D() {
        super();
    }

    /** @param builder a configured builder */
    protected Pool3D(Builder builder) {
        super(builder);
    }

    /**
     * @param type max or average
     * @return a builder (DL4J's {@code Subsampling3DLayer.Builder} methods; {@code build()} returns a {@code Pool3D})
     */
    public static Builder builder(PoolingType type) {
        return new Builder(type);
    }

    @Override
    public Pool3D clone() {
        return (Pool3D) super.clone();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        Pool3DLayer ret = new Pool3DLayer(conf, networkDataType);
        ret.setListeners(listeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    /** Builder: DL4J's {@code Subsampling3DLayer.Builder} whose {@code build()} returns a {@link Pool3D}. */
    public static class Builder extends Subsampling3DLayer.Builder {

        /** @param type max or average */
        public Builder(PoolingType type) {
            super(type);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Pool3D build() {
            Subsampling3DLayer plain = super.build(); // validates
            if (plain == null) {
                throw new IllegalStateException("Subsampling3DLayer.Builder.build() returned null");
            }
            return new Pool3D(this);
        }
    }
}
