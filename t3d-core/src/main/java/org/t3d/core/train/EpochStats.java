package org.t3d.core.train;

/**
 * Summary of one epoch: the point of a training curve.
 *
 * @param epoch         0-based epoch
 * @param trainLoss     mean training loss over the epoch's examples
 * @param valLoss       validation loss (NaN without validation)
 * @param valAccuracy   validation top-1 accuracy in [0, 1] (NaN without validation)
 * @param seconds       wall time of the epoch including validation (summed over resumed pieces)
 * @param learningRate  learning rate at the end of the epoch
 */
public record EpochStats(int epoch, double trainLoss, double valLoss, double valAccuracy, double seconds,
        double learningRate) {
}
