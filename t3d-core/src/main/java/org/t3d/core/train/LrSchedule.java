package org.t3d.core.train;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * A learning-rate schedule in epochs, turned into an iteration-based DL4J {@link ISchedule} once the number of
 * iterations per epoch is known.
 *
 * @param kind         constant, step or cosine
 * @param warmupEpochs linear warm-up length in epochs (fractions allowed), ≥ 0
 * @param stepEpochs   STEP: epochs between decays, &gt; 0 (ignored otherwise)
 * @param gamma        STEP: factor per decay, in (0, 1] (ignored otherwise)
 * @param minFraction  COSINE: final learning rate as a fraction of the initial one, in [0, 1] (ignored otherwise)
 */
public record LrSchedule(Kind kind, double warmupEpochs, int stepEpochs, double gamma, double minFraction) {

    /** Schedule shapes. */
    public enum Kind {
        /** Constant after warm-up. */
        CONSTANT,
        /** Multiply by gamma every stepEpochs epochs. */
        STEP,
        /** Cosine decay to minFraction · lr at the last iteration. */
        COSINE
    }

    /** Validates. */
    public LrSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("schedule kind is null");
        }
        if (!(warmupEpochs >= 0)) {
            throw new IllegalArgumentException("warmupEpochs must be >= 0, got " + warmupEpochs);
        }
        if (kind == Kind.STEP && (stepEpochs <= 0 || !(gamma > 0) || gamma > 1)) {
            throw new IllegalArgumentException("step schedule needs stepEpochs > 0 and 0 < gamma <= 1, got "
                    + stepEpochs + ", " + gamma);
        }
        if (kind == Kind.COSINE && (minFraction < 0 || minFraction > 1)) {
            throw new IllegalArgumentException("cosine minFraction must be in [0, 1], got " + minFraction);
        }
    }

    /** @return a constant learning rate */
    public static LrSchedule constant() {
        return new LrSchedule(Kind.CONSTANT, 0, 1, 1, 0);
    }

    /**
     * @param everyEpochs epochs between decays
     * @param gamma       factor per decay (the paper: 0.1 every 30 epochs)
     * @return a step schedule
     */
    public static LrSchedule step(int everyEpochs, double gamma) {
        return new LrSchedule(Kind.STEP, 0, everyEpochs, gamma, 0);
    }

    /**
     * @param minFraction final lr as a fraction of the initial lr
     * @return a cosine schedule over the whole run
     */
    public static LrSchedule cosine(double minFraction) {
        return new LrSchedule(Kind.COSINE, 0, 1, 1, minFraction);
    }

    /**
     * @param epochs warm-up length in epochs
     * @return a copy with linear warm-up
     */
    public LrSchedule withWarmup(double epochs) {
        return new LrSchedule(kind, epochs, stepEpochs, gamma, minFraction);
    }

    /**
     * @param lr                 initial (peak) learning rate
     * @param iterationsPerEpoch iterations (mini-batches) per epoch, &gt; 0
     * @param epochs             total epochs of the run, &gt; 0
     * @return the iteration-based DL4J schedule, or null for a constant rate without warm-up
     */
    public ISchedule toSchedule(double lr, int iterationsPerEpoch, int epochs) {
        if (iterationsPerEpoch <= 0 || epochs <= 0) {
            throw new IllegalArgumentException("iterationsPerEpoch and epochs must be > 0, got "
                    + iterationsPerEpoch + ", " + epochs);
        }
        int warmup = (int) Math.round(warmupEpochs * iterationsPerEpoch);
        int total = iterationsPerEpoch * epochs;
        return switch (kind) {
            case CONSTANT -> warmup == 0 ? null : new WarmupStepSchedule(lr, 1.0, Integer.MAX_VALUE, warmup);
            case STEP -> new WarmupStepSchedule(lr, gamma, stepEpochs * iterationsPerEpoch, warmup);
            case COSINE -> new WarmupCosineSchedule(lr, lr * minFraction, Math.min(warmup, total - 1), total);
        };
    }
}
