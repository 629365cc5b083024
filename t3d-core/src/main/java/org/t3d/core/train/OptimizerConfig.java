package org.t3d.core.train;

import java.util.List;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Optimiser, weight decay, learning-rate schedule and gradient clipping of a run.
 *
 * <p>Weight decay: {@link DecayMode#L2} adds {@code wd·w} to the gradient before the updater, which is exactly
 * PyTorch's {@code SGD(weight_decay=wd)} / {@code Adam(weight_decay=wd)} (the paper's "weight decay 1e-4").
 * {@link DecayMode#DECOUPLED} subtracts {@code lr·wd·w} after the updater (AdamW). Batch-norm parameters are
 * never decayed (the layers opt out, as DL4J's own batch norm).
 *
 * @param kind          SGD with Nesterov momentum or Adam
 * @param learningRate  initial (peak) learning rate, &gt; 0
 * @param momentum      Nesterov momentum in [0, 1) (SGD only)
 * @param weightDecay   decay coefficient, ≥ 0
 * @param decayMode     how weight decay is applied
 * @param schedule      learning-rate schedule
 * @param clipping      gradient clipping mode
 * @param clipThreshold clipping threshold, &gt; 0 when clipping is on
 */
public record OptimizerConfig(Kind kind, double learningRate, double momentum, double weightDecay, DecayMode decayMode,
        LrSchedule schedule, Clipping clipping, double clipThreshold) {

    /** Optimisers. */
    public enum Kind {
        /** SGD with Nesterov momentum (the paper). */
        SGD_NESTEROV,
        /** Adam (beta1 0.9, beta2 0.999, eps 1e-8). */
        ADAM
    }

    /** Weight decay flavours. */
    public enum DecayMode {
        /** L2 added to the gradient (PyTorch {@code weight_decay}). */
        L2,
        /** Decoupled decay scaled by the learning rate (AdamW). */
        DECOUPLED
    }

    /** Gradient clipping modes. */
    public enum Clipping {
        /** No clipping. */
        NONE,
        /** Rescale each layer's weight (and bias) gradient to L2 norm ≤ threshold. */
        L2_PER_PARAM_TYPE,
        /** Clip each gradient element to [−threshold, threshold]. */
        ELEMENT_WISE
    }

    /** Validates. */
    public OptimizerConfig {
        if (kind == null || decayMode == null || schedule == null || clipping == null) {
            throw new IllegalArgumentException("optimizer kind, decay mode, schedule and clipping must be set");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0 and finite, got " + learningRate);
        }
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (clipping != Clipping.NONE && !(clipThreshold > 0)) {
            throw new IllegalArgumentException("clip threshold must be > 0 when clipping is on, got " + clipThreshold);
        }
    }

    /** @return the paper's SGD: Nesterov 0.9, lr 0.1, L2 weight decay 1e-4, constant rate */
    public static OptimizerConfig paperSgd() {
        return builder().build();
    }

    /** @return a builder starting from {@link #paperSgd()}'s values */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised with this config */
    public Builder toBuilder() {
        return new Builder().kind(kind).learningRate(learningRate).momentum(momentum).weightDecay(weightDecay)
                .decayMode(decayMode).schedule(schedule).clipping(clipping, clipThreshold);
    }

    /**
     * @param iterationsPerEpoch iterations per epoch
     * @param epochs             epochs of the run
     * @return the DL4J updater with the learning-rate schedule baked in
     */
    public IUpdater toUpdater(int iterationsPerEpoch, int epochs) {
        ISchedule s = schedule.toSchedule(learningRate, iterationsPerEpoch, epochs);
        return switch (kind) {
            case SGD_NESTEROV -> s == null ? new Nesterovs(learningRate, momentum) : new Nesterovs(s, momentum);
            case ADAM -> s == null ? new Adam(learningRate) : new Adam(s);
        };
    }

    /** @return the DL4J regularisation list for weights and biases (empty without decay) */
    public List<Regularization> regularization() {
        if (weightDecay == 0) {
            return List.of();
        }
        return List.of(decayMode == DecayMode.L2 ? new L2Regularization(weightDecay) : new WeightDecay(weightDecay, true));
    }

    /** @return the DL4J gradient normalisation for {@link #clipping()} */
    public GradientNormalization gradientNormalization() {
        return switch (clipping) {
            case NONE -> GradientNormalization.None;
            case L2_PER_PARAM_TYPE -> GradientNormalization.ClipL2PerParamType;
            case ELEMENT_WISE -> GradientNormalization.ClipElementWiseAbsoluteValue;
        };
    }

    /** Builder; defaults are the paper's SGD. */
    public static final class Builder {
        private Kind kind = Kind.SGD_NESTEROV;
        private double learningRate = 0.1;
        private double momentum = 0.9;
        private double weightDecay = 1e-4;
        private DecayMode decayMode = DecayMode.L2;
        private LrSchedule schedule = LrSchedule.constant();
        private Clipping clipping = Clipping.NONE;
        private double clipThreshold = 0;

        private Builder() {
        }

        /** @param k optimiser @return this */
        public Builder kind(Kind k) {
            this.kind = k;
            return this;
        }

        /** @param lr initial learning rate @return this */
        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /** @param m Nesterov momentum @return this */
        public Builder momentum(double m) {
            this.momentum = m;
            return this;
        }

        /** @param wd weight decay coefficient @return this */
        public Builder weightDecay(double wd) {
            this.weightDecay = wd;
            return this;
        }

        /** @param mode weight decay flavour @return this */
        public Builder decayMode(DecayMode mode) {
            this.decayMode = mode;
            return this;
        }

        /** @param s learning-rate schedule @return this */
        public Builder schedule(LrSchedule s) {
            this.schedule = s;
            return this;
        }

        /** @param mode clipping mode @param threshold threshold @return this */
        public Builder clipping(Clipping mode, double threshold) {
            this.clipping = mode;
            this.clipThreshold = threshold;
            return this;
        }

        /** @return the validated config */
        public OptimizerConfig build() {
            return new OptimizerConfig(kind, learningRate, momentum, weightDecay, decayMode, schedule, clipping,
                    clipThreshold);
        }
    }
}
