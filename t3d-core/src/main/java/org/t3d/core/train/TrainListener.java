package org.t3d.core.train;

import java.nio.file.Path;

/**
 * Progress callbacks of a {@link Trainer} (progress bars, curves, logs). Every method has an empty default.
 */
public interface TrainListener {

    /**
     * Called once before the first step.
     *
     * @param config          the run's config
     * @param startEpoch      epoch the run starts (or resumes) in
     * @param startBatch      batch of that epoch it starts at
     * @param batchesPerEpoch mini-batches per epoch
     */
    default void onStart(TrainConfig config, int startEpoch, int startBatch, int batchesPerEpoch) {
    }

    /** @param step the step just taken */
    default void onIteration(IterationInfo step) {
    }

    /** @param stats the finished epoch, after validation */
    default void onEpochEnd(EpochStats stats) {
    }

    /** @param file checkpoint just written */
    default void onCheckpoint(Path file) {
    }
}
