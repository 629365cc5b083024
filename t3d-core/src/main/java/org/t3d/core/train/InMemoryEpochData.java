package org.t3d.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * Examples held in memory, reshuffled every epoch with {@code Random(seed, epoch)}; skipping batches is free.
 * For tests and small data sets.
 */
public final class InMemoryEpochData implements EpochData {

    private final DataSet all;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;

    /**
     * @param all       every example (features and labels, optional masks ignored)
     * @param batchSize mini-batch size, &gt; 0; the last batch of an epoch may be smaller
     * @param seed      shuffling seed
     * @param shuffle   whether to reshuffle every epoch
     */
    public InMemoryEpochData(DataSet all, int batchSize, long seed, boolean shuffle) {
        if (all == null || all.numExamples() == 0) {
            throw new IllegalArgumentException("no examples");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        }
        this.all = all;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
    }

    @Override
    public int batchesPerEpoch() {
        return (all.numExamples() + batchSize - 1) / batchSize;
    }

    /** @return the example order of one epoch */
    List<Integer> order(int epoch) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < all.numExamples(); i++) {
            idx.add(i);
        }
        if (shuffle) {
            Collections.shuffle(idx, new Random(seed * 1_000_003L + epoch));
        }
        return idx;
    }

    /** @return the given rows (dimension 0) of an array of any rank, as a new array */
    private static INDArray rows(INDArray a, int[] rows) {
        INDArray[] parts = new INDArray[rows.length];
        for (int i = 0; i < rows.length; i++) {
            parts[i] = a.get(NDArrayIndex.interval(rows[i], rows[i] + 1));
        }
        return Nd4j.concat(0, parts);
    }

    @Override
    public MultiDataSetIterator open(int epoch, int skipBatches) {
        List<Integer> order = order(epoch);
        List<MultiDataSet> batches = new ArrayList<>();
        for (int start = skipBatches * batchSize; start < order.size(); start += batchSize) {
            int[] rows = order.subList(start, Math.min(order.size(), start + batchSize)).stream()
                    .mapToInt(Integer::intValue).toArray();
            batches.add(new org.nd4j.linalg.dataset.MultiDataSet(rows(all.getFeatures(), rows),
                    rows(all.getLabels(), rows)));
        }
        return new LazyBatchIterator(batches.size(), batches::get);
    }
}
