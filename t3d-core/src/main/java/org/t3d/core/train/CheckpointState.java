package org.t3d.core.train;

import java.util.List;
import java.util.Map;

/**
 * Where a run stands when a checkpoint is written; stored as JSON next to the weights.
 *
 * @param epoch          epoch to continue in (0-based)
 * @param batch          batches of that epoch already consumed
 * @param iteration      global iterations done
 * @param epochLossSum   sum of loss·examples over the consumed batches of the current epoch
 * @param epochExamples  examples consumed in the current epoch
 * @param epochSeconds   wall time spent in the current epoch so far
 * @param bestAccuracy   best validation accuracy so far (NaN if none)
 * @param history        finished epochs
 * @param config         the run's config
 * @param metadata       free-form entries (e.g. the model config JSON, label names), never null
 */
public record CheckpointState(int epoch, int batch, long iteration, double epochLossSum, long epochExamples,
        double epochSeconds, double bestAccuracy, List<EpochStats> history, TrainConfig config,
        Map<String, String> metadata) {

    /** Copies the collections. */
    public CheckpointState {
        history = List.copyOf(history);
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    }
}
