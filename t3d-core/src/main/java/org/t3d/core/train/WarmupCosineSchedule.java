package org.t3d.core.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Linear warm-up from {@code initialValue / warmupIterations} to {@code initialValue} over the first
 * {@code warmupIterations} iterations, then cosine decay to {@code minValue} at {@code totalIterations}
 * (and {@code minValue} after that). Iteration-based; serialisable in a DL4J configuration's JSON.
 *
 * <pre>
 *   lr ▲   ╱‾‾‾‾‾‾‾╲___
 *      │  ╱            ‾‾╲___
 *      │ ╱                   ‾‾‾── minValue
 *      └─┴────────────────────────► iteration
 *        warm-up           total
 * </pre>
 */
public final class WarmupCosineSchedule implements ISchedule {

    private final double initialValue;
    private final double minValue;
    private final int warmupIterations;
    private final int totalIterations;

    /**
     * @param initialValue     peak value (after warm-up), &gt; 0
     * @param minValue         final value, 0 ≤ minValue ≤ initialValue
     * @param warmupIterations warm-up length, ≥ 0
     * @param totalIterations  iteration at which the cosine reaches {@code minValue}, &gt; warmupIterations
     */
    public WarmupCosineSchedule(@JsonProperty("initialValue") double initialValue,
            @JsonProperty("minValue") double minValue,
            @JsonProperty("warmupIterations") int warmupIterations,
            @JsonProperty("totalIterations") int totalIterations) {
        if (!(initialValue > 0) || minValue < 0 || minValue > initialValue) {
            throw new IllegalArgumentException("cosine schedule needs 0 <= minValue <= initialValue and initialValue > 0, got "
                    + minValue + ", " + initialValue);
        }
        if (warmupIterations < 0 || totalIterations <= warmupIterations) {
            throw new IllegalArgumentException("cosine schedule needs 0 <= warmupIterations < totalIterations, got "
                    + warmupIterations + ", " + totalIterations);
        }
        this.initialValue = initialValue;
        this.minValue = minValue;
        this.warmupIterations = warmupIterations;
        this.totalIterations = totalIterations;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmupIterations) {
            return initialValue * (iteration + 1) / warmupIterations;
        }
        if (iteration >= totalIterations) {
            return minValue;
        }
        double progress = (double) (iteration - warmupIterations) / (totalIterations - warmupIterations);
        return minValue + 0.5 * (initialValue - minValue) * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(initialValue, minValue, warmupIterations, totalIterations);
    }

    /** @return peak value */
    public double getInitialValue() {
        return initialValue;
    }

    /** @return final value */
    public double getMinValue() {
        return minValue;
    }

    /** @return warm-up length in iterations */
    public int getWarmupIterations() {
        return warmupIterations;
    }

    /** @return iteration at which the decay ends */
    public int getTotalIterations() {
        return totalIterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupCosineSchedule s && s.initialValue == initialValue && s.minValue == minValue
                && s.warmupIterations == warmupIterations && s.totalIterations == totalIterations;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(initialValue, minValue, warmupIterations, totalIterations);
    }

    @Override
    public String toString() {
        return "WarmupCosineSchedule(" + initialValue + " -> " + minValue + ", warmup " + warmupIterations
                + ", total " + totalIterations + ")";
    }
}
