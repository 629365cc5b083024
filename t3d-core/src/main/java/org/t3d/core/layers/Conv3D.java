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
 * this one too. Build it with {@link #builder()}; the builder is DL4J's plus {@link Builder#inputGradient}.
 *
 * <p>{@code inputGradient(false)} makes the backward pass return no input gradient (null, which DL4J's graphs accept)
 * and skip computing it: for a network's first convolution, whose input is data, as PyTorch skips the gradient of
 * a tensor that does not require one (the stem's backward-data convolution took 82 ms of a DenseNet3D-121 training
 * step at batch 4, 16 frames; docs/performance.md, section 15). Default true.
 */
public class Conv3D extends Convolution3D {

    private static final long serialVersionUID = 1L;

    private boolean inputGradient = true;

    /** For JSON deserialisation. */
    public Conv3D() {
        super();
    }

    /** @param builder a configured builder */
    protected Conv3D(Builder builder) {
        super(builder);
        this.inputGradient = builder.inputGradient;
    }

    /** @return whether the backward pass computes and returns the input gradient (default true) */
    public boolean isInputGradient() {
        return inputGradient;
    }

    /** @param on whether the backward pass computes the input gradient (JSON) */
    public void setInputGradient(boolean on) {
        this.inputGradient = on;
    }

    /** @return a builder (DL4J's {@code Convolution3D.Builder} methods; {@code build()} returns a {@code Conv3D}) */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof Conv3D c && c.inputGradient == inputGradient;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Boolean.hashCode(inputGradient);
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

        private boolean inputGradient = true;

        /**
         * @param on false when the layer's input needs no gradient (it is the network's input): the backward pass
         *           then returns null instead of the input gradient and does not compute it
         * @return this builder
         */
        public Builder inputGradient(boolean on) {
            this.inputGradient = on;
            return this;
        }

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
