package org.t3d.core.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Linear warm-up over the first {@code warmupIterations} iterations, then step decay: the value is multiplied
 * by {@code gamma} every {@code stepIterations} iterations (counted from iteration 0, as PyTorch's
 * {@code StepLR} counts epochs). The paper's "lr 0.1 divided by 10 every 30 epochs" is gamma 0.1 with
 * {@code stepIterations = 30 · iterationsPerEpoch}. Serialisable in a DL4J configuration's JSON.
 */
public final class WarmupStepSchedule implements ISchedule {

    private final double initialValue;
    private final double gamma;
    private final int stepIterations;
    private final int warmupIterations;

    /**
     * @param initialValue     value after warm-up and before the first step, &gt; 0
     * @param gamma            multiplicative factor per step, in (0, 1]
     * @param stepIterations   iterations between steps, &gt; 0
     * @param warmupIterations warm-up length, ≥ 0
     */
    public WarmupStepSchedule(@JsonProperty("initialValue") double initialValue,
            @JsonProperty("gamma") double gamma,
            @JsonProperty("stepIterations") int stepIterations,
            @JsonProperty("warmupIterations") int warmupIterations) {
        if (!(initialValue > 0) || !(gamma > 0) || gamma > 1 || stepIterations <= 0 || warmupIterations < 0) {
            throw new IllegalArgumentException("step schedule needs initialValue > 0, 0 < gamma <= 1, stepIterations > 0, "
                    + "warmupIterations >= 0; got " + initialValue + ", " + gamma + ", " + stepIterations + ", "
                    + warmupIterations);
        }
        this.initialValue = initialValue;
        this.gamma = gamma;
        this.stepIterations = stepIterations;
        this.warmupIterations = warmupIterations;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double v = initialValue * Math.pow(gamma, iteration / stepIterations);
        if (iteration < warmupIterations) {
            return v * (iteration + 1) / warmupIterations;
        }
        return v;
    }

    @Override
    public ISchedule clone() {
        return new WarmupStepSchedule(initialValue, gamma, stepIterations, warmupIterations);
    }

    /** @return value before the first step */
    public double getInitialValue() {
        return initialValue;
    }

    /** @return factor per step */
    public double getGamma() {
        return gamma;
    }

    /** @return iterations between steps */
    public int getStepIterations() {
        return stepIterations;
    }

    /** @return warm-up length in iterations */
    public int getWarmupIterations() {
        return warmupIterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupStepSchedule s && s.initialValue == initialValue && s.gamma == gamma
                && s.stepIterations == stepIterations && s.warmupIterations == warmupIterations;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(initialValue, gamma, stepIterations, warmupIterations);
    }

    @Override
    public String toString() {
        return "WarmupStepSchedule(" + initialValue + " x" + gamma + " every " + stepIterations + ", warmup "
                + warmupIterations + ")";
    }
}
