package org.t3d.core.train;

/**
 * One optimisation step.
 *
 * @param epoch           0-based epoch
 * @param batch           1-based index of the batch just consumed within the epoch
 * @param batchesPerEpoch batches per epoch
 * @param iteration       global iterations done so far (after this step)
 * @param loss            mini-batch data loss (the weight-decay penalty that DL4J adds to its score is left out)
 * @param examples        examples in the mini-batch
 * @param learningRate    learning rate used by this step
 */
public record IterationInfo(int epoch, int batch, int batchesPerEpoch, long iteration, double loss, int examples,
        double learningRate) {
}
