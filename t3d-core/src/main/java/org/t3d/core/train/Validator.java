package org.t3d.core.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Validation run by the {@link Trainer} after every epoch, in inference mode.
 */
@FunctionalInterface
public interface Validator {

    /**
     * @param graph the network being trained (do not modify)
     * @param epoch 0-based epoch just finished
     * @return loss and accuracy
     */
    ValidationResult validate(ComputationGraph graph, int epoch);

    /**
     * Validation result.
     *
     * @param loss     mean cross-entropy
     * @param accuracy top-1 accuracy in [0, 1]
     */
    record ValidationResult(double loss, double accuracy) {
    }
}
