package org.t3d.core.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of a training run.
 *
 * @param graph          the trained network (last state)
 * @param history        one entry per finished epoch (including epochs before a resume)
 * @param iterations     global iterations done
 * @param seconds        wall time of this call
 * @param lastCheckpoint last checkpoint written, or null without a checkpoint directory
 * @param bestCheckpoint checkpoint with the best validation accuracy, or null
 */
public record TrainResult(org.deeplearning4j.nn.graph.ComputationGraph graph, List<EpochStats> history,
        long iterations, double seconds, Path lastCheckpoint, Path bestCheckpoint) {

    /** Copies the history. */
    public TrainResult {
        history = List.copyOf(history);
    }
}
