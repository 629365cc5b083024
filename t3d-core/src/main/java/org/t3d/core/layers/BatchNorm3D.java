package org.t3d.core.layers;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Batch normalisation over rank-5 NCDHW activations, with an optional fused ReLU.
 *
 * <pre>
 *   x [N,C,D,H,W] ──► (x − μ) / √(σ² + eps) · γ + β ──► [ReLU] ──► y [N,C,D,H,W]
 * </pre>
 *
 * <p>Semantics follow PyTorch's {@code BatchNorm3d}: in training mode μ and σ² are the batch mean and
 * <em>biased</em> variance over (N, D, H, W); the running estimates are updated during that forward pass as
 * {@code running = (1 − momentum)·running + momentum·batch}, with the <em>unbiased</em> batch variance
 * for the running variance. In inference mode the running estimates are used. γ and β are trained; the
 * running mean and variance are parameters of the layer (so that they are saved with the model) but are
 * never touched by the updater or by regularisation.
 *
 * <p>DL4J 1.0.0-M2.1's own {@code BatchNormalization} rejects rank-5 input, hence this layer. The backward
 * pass is hand-written and checked with {@code GradientCheckUtil} in double precision.
 */
public class BatchNorm3D extends AbstractBatchNorm3D {

    private static final long serialVersionUID = 1L;

    /** Activation applied after the affine transform. */
    public enum Activation {
        /** No activation: plain batch normalisation. */
        IDENTITY,
        /** BN followed by ReLU, fused (one pass over memory, one activation stored). */
        RELU
    }

    private Activation activation = Activation.IDENTITY;
    private String consumer;
    private int[] consumerMinInput;

    /** For JSON deserialisation; use {@link #builder()}. */
    public BatchNorm3D() {
        super();
    }

    private BatchNorm3D(Builder builder) {
        super(builder);
        this.activation = builder.activation;
        this.consumer = builder.consumer;
        this.consumerMinInput = builder.consumerMinInput;
        initializeConstraints(builder);
    }

    /** @return a new builder with PyTorch defaults (eps 1e-5, momentum 0.1, no activation). */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the fused activation */
    public Activation getActivation() {
        return activation;
    }

    /** @param activation the fused activation (JSON) */
    public void setActivation(Activation activation) {
        this.activation = activation;
    }

    /** @return name of the layer fed by this BN whose minimum input size is checked at run time, or null */
    public String getConsumer() {
        return consumer;
    }

    /** @param consumer the guarded consumer's name (JSON) */
    public void setConsumer(String consumer) {
        this.consumer = consumer;
    }

    /** @return minimum (T, H, W) the consumer needs from this layer's output, or null for no check */
    public int[] getConsumerMinInput() {
        return consumerMinInput == null ? null : consumerMinInput.clone();
    }

    /** @param min minimum (T, H, W) (JSON) */
    public void setConsumerMinInput(int[] min) {
        this.consumerMinInput = min == null ? null : min.clone();
    }

    @Override
    protected BatchNorm3DLayer newLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new BatchNorm3DLayer(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return BatchNorm3DParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional3D in = Shapes.requireCnn3d(inputType, getLayerName());
        if (nIn > 0 && in.getChannels() != nIn) {
            throw new IllegalStateException("Layer '" + getLayerName() + "' expects " + nIn
                    + " channels but its input type is " + Shapes.describe(in));
        }
        return Shapes.ncdhw(in.getDepth(), in.getHeight(), in.getWidth(), in.getChannels());
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeConvolutional3D in = Shapes.requireCnn3d(inputType, getLayerName());
        if (nIn <= 0 || override) {
            nIn = in.getChannels();
            nOut = nIn;
        }
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        // As DL4J's own BatchNormalization: no weight decay on BN parameters, never on running statistics.
        return Collections.emptyList();
    }

    @Override
    protected boolean isRunningStat(String paramName) {
        return BatchNorm3DParamInitializer.isRunningStat(paramName);
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long numParams = initializer().numParams(this);
        long updaterState = 0;
        for (String p : initializer().paramKeys(this)) {
            updaterState += getUpdaterByParam(p).stateSize(nOut);
        }
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, BatchNorm3D.class, inputType, outputType)
                .standardMemory(numParams, updaterState)
                .workingMemory(0, perExample, 2 * nOut, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BatchNorm3D) || !super.equals(o)) {
            return false;
        }
        BatchNorm3D that = (BatchNorm3D) o;
        return activation == that.activation && Objects.equals(consumer, that.consumer)
                && java.util.Arrays.equals(consumerMinInput, that.consumerMinInput);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), activation, consumer,
                java.util.Arrays.hashCode(consumerMinInput));
    }

    @Override
    public String toString() {
        return "BatchNorm3D(name=" + getLayerName() + ", nIn=" + nIn + ", eps=" + getEps() + ", momentum=" + getMomentum()
                + ", activation=" + activation + ")";
    }

    /** Builder for {@link BatchNorm3D}. */
    public static class Builder extends AbstractBatchNorm3D.Builder<Builder> {
        private Activation activation = Activation.IDENTITY;
        private String consumer;
        private int[] consumerMinInput;

        /**
         * Makes the layer check at run time that its output is large enough for the layer it feeds (e.g. a
         * convolution with a temporal kernel longer than the clip), so that the error names that layer and the
         * shape instead of failing deep inside a native op.
         *
         * @param consumerName name of the fed layer, used in the error
         * @param minT         minimum T of this layer's output
         * @param minH         minimum H
         * @param minW         minimum W
         */
        public Builder guard(String consumerName, int minT, int minH, int minW) {
            this.consumer = Objects.requireNonNull(consumerName, "consumerName");
            this.consumerMinInput = new int[] {minT, minH, minW};
            return this;
        }

        /** @param activation fused activation after the affine transform; default identity */
        public Builder activation(Activation activation) {
            this.activation = Objects.requireNonNull(activation, "activation");
            return this;
        }

        /** Number of channels (sets nIn and nOut). */
        public Builder channels(long channels) {
            nIn(channels);
            nOut(channels);
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public BatchNorm3D build() {
            return new BatchNorm3D(this);
        }
    }
}
