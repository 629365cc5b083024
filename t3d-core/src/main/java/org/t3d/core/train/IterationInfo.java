package org.t3d.core.train;

/**
 * One optimisation step.
 *
 * @param epoch           0-based epoch
 * @param batch           1-based index of the batch just consumed within the epoch
 * @param batchesPerEpoch batches per epoch
 * @param iteration       global iterations done so far (after this step)
 * @param loss            mini-batch loss (data term plus regularisation, as DL4J's score)
 * @param examples        examples in the mini-batch
 * @param learningRate    learning rate used by this step
 */
public record IterationInfo(int epoch, int batch, int batchesPerEpoch, long iteration, double loss, int examples,
        double learningRate) {
}
