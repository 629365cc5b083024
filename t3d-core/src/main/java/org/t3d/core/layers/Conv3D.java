package org.t3d.core.layers;

import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link Convolution3D} with a cheaper backward pass ({@link Conv3DLayer}): same configuration, parameters,
 * JSON and numerics, so everything that handles a {@code Convolution3D} (weight import/export, summaries) handles
 * this one too. Build it with {@link #builder()}; the builder is DL4J's, only {@code build()} differs.
 */
public class Conv3D extends Convolution3D {

    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation. */
    public Conv3D() {
        super();
    }

    /** @param builder a configured builder */
    protected Conv3D(Builder builder) {
        super(builder);
    }

    /** @return a builder (DL4J's {@code Convolution3D.Builder} methods; {@code build()} returns a {@code Conv3D}) */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Conv3D clone() {
        return (Conv3D) super.clone();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("Conv3D", getLayerName(), layerIndex, getNIn(), getNOut());
        Conv3DLayer ret = new Conv3DLayer(conf, networkDataType);
        ret.setListeners(listeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    /** Builder: DL4J's {@code Convolution3D.Builder} whose {@code build()} returns a {@link Conv3D}. */
    public static class Builder extends Convolution3D.Builder {
        @Override
        @SuppressWarnings("unchecked")
        public Conv3D build() {
            Convolution3D plain = super.build(); // validates
            if (plain == null) {
                throw new IllegalStateException("Convolution3D.Builder.build() returned null");
            }
            return new Conv3D(this);
        }
    }
}
