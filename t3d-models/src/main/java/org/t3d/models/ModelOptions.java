package org.t3d.models;

import java.util.Objects;

import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Options for building a model: what is not architecture (data type, seed, updater) plus overrides of the
 * configuration's profile, class count and nominal input. Null overrides keep the configuration's value.
 *
 * <pre>{@code
 * T3dModel m = T3dModels.create("t3d-121", ModelOptions.builder().numClasses(101).profile(Profile.OFFICIAL).build());
 * }</pre>
 *
 * @param profile       profile applied by {@link T3dModels#create(String, ModelOptions)}; null = PAPER for registry
 *                      ids and "unchanged" for {@link T3dModels#build}
 * @param numClasses    classifier outputs override, or null
 * @param inputFrames   nominal clip length override, or null
 * @param inputSize     nominal clip height = width override, or null
 * @param dataType      network data type (FLOAT)
 * @param seed          weight-initialisation seed (12345)
 * @param updater       optimiser (Nesterov SGD, lr 0.1, momentum 0.9, as the paper)
 * @param weightDecay   decoupled weight decay of conv/linear weights (1e-4, as the paper); 0 = none
 * @param workspaceMode DL4J workspace mode for training and inference (ENABLED)
 * @param memoryEfficient memory-efficient dense layers (false): every dense layer's norm1 + conv1 become one fused
 *                      BN-ReLU-Conv1×1×1 layer that recomputes its BN-ReLU output in the backward pass instead of
 *                      keeping it (Pleiss et al. 2017). A choice of how the model is computed, not of its
 *                      architecture: same parameters, same interchange names, same results; less activation memory
 *                      per training step, a little more compute
 * @param inputGradient   whether backpropagation also computes the gradient with respect to the network input
 *                      (false): as in PyTorch, where a data tensor needs no gradient, the stem convolution skips its
 *                      backward-data pass and {@code ComputationGraph.backpropGradient} returns null for the input.
 *                      Turn it on for saliency maps, adversarial examples or gradient checks of the whole network
 */
public record ModelOptions(Profile profile, Integer numClasses, Integer inputFrames, Integer inputSize,
        DataType dataType, long seed, IUpdater updater, double weightDecay, WorkspaceMode workspaceMode,
        boolean memoryEfficient, boolean inputGradient) {

    /** Defaults: float, seed 12345, Nesterov 0.1/0.9, weight decay 1e-4, workspaces on, standard dense layers. */
    public static final ModelOptions DEFAULTS = builder().build();

    /** Validates the fields. */
    public ModelOptions {
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(updater, "updater");
        Objects.requireNonNull(workspaceMode, "workspaceMode");
        if (!dataType.isFPType()) {
            throw new IllegalArgumentException("network data type must be floating point, got " + dataType);
        }
        if (numClasses != null && numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        if (inputFrames != null && inputFrames < 1 || inputSize != null && inputSize < 1) {
            throw new IllegalArgumentException("input frames/size must be >= 1, got " + inputFrames + "/" + inputSize);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.profile = profile;
        b.numClasses = numClasses;
        b.inputFrames = inputFrames;
        b.inputSize = inputSize;
        b.dataType = dataType;
        b.seed = seed;
        b.updater = updater;
        b.weightDecay = weightDecay;
        b.workspaceMode = workspaceMode;
        b.memoryEfficient = memoryEfficient;
        b.inputGradient = inputGradient;
        return b;
    }

    /** @return a copy with another data type */
    public ModelOptions withDataType(DataType t) {
        return toBuilder().dataType(t).build();
    }

    /**
     * Applies the overrides to a configuration.
     *
     * @param config the base configuration
     * @return the configuration with profile, classes and input overridden where set
     */
    public ModelConfig apply(ModelConfig config) {
        ModelConfig c = config;
        if (profile != null) {
            c = c.withProfile(profile);
        }
        if (numClasses != null) {
            c = c.withNumClasses(numClasses);
        }
        if (inputFrames != null || inputSize != null) {
            c = c.withInput(inputFrames != null ? inputFrames : c.inputFrames(),
                    inputSize != null ? inputSize : c.inputSize());
        }
        return c;
    }

    /** Builder for {@link ModelOptions}. */
    public static final class Builder {
        private Profile profile;
        private Integer numClasses;
        private Integer inputFrames;
        private Integer inputSize;
        private DataType dataType = DataType.FLOAT;
        private long seed = 12345;
        private IUpdater updater = new Nesterovs(0.1, 0.9);
        private double weightDecay = 1e-4;
        private WorkspaceMode workspaceMode = WorkspaceMode.ENABLED;
        private boolean memoryEfficient;
        private boolean inputGradient;

        private Builder() {
        }

        /** @param p profile to apply; null = unchanged */
        public Builder profile(Profile p) {
            this.profile = p;
            return this;
        }

        /** @param n classifier outputs; null = the configuration's */
        public Builder numClasses(Integer n) {
            this.numClasses = n;
            return this;
        }

        /**
         * @param frames nominal clip length, null = the configuration's
         * @param size   nominal height = width, null = the configuration's
         */
        public Builder input(Integer frames, Integer size) {
            this.inputFrames = frames;
            this.inputSize = size;
            return this;
        }

        /** @param t network data type; default FLOAT */
        public Builder dataType(DataType t) {
            this.dataType = t;
            return this;
        }

        /** @param s initialisation seed; default 12345 */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @param u optimiser; default Nesterovs(0.1, 0.9) */
        public Builder updater(IUpdater u) {
            this.updater = u;
            return this;
        }

        /** @param wd weight decay; default 1e-4 */
        public Builder weightDecay(double wd) {
            this.weightDecay = wd;
            return this;
        }

        /** @param m workspace mode; default ENABLED */
        public Builder workspaceMode(WorkspaceMode m) {
            this.workspaceMode = m;
            return this;
        }

        /**
         * @param on memory-efficient dense layers (fused BN-ReLU-Conv1×1×1 with recomputation in backward); same
         *           parameters and results, less activation memory; default false
         */
        public Builder memoryEfficient(boolean on) {
            this.memoryEfficient = on;
            return this;
        }

        /**
         * @param on compute the gradient with respect to the network input in backpropagation (saliency, adversarial
         *           examples, whole-network gradient checks); default false, which skips the stem convolution's
         *           backward-data pass
         */
        public Builder inputGradient(boolean on) {
            this.inputGradient = on;
            return this;
        }

        /** @return the validated options */
        public ModelOptions build() {
            return new ModelOptions(profile, numClasses, inputFrames, inputSize, dataType, seed, updater, weightDecay,
                    workspaceMode, memoryEfficient, inputGradient);
        }
    }
}
