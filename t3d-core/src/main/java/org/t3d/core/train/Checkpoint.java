package org.t3d.core.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A checkpoint read back: the network (parameters, updater state, iteration/epoch counters) and the state.
 *
 * @param graph network restored with its updater
 * @param state trainer state
 */
public record Checkpoint(ComputationGraph graph, CheckpointState state) {
}
