package org.t3d.cli.data;

import java.util.List;
import java.util.function.BiFunction;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/** Iterates over a planned list of batches, loading each one lazily. */
public final class BatchIterator implements MultiDataSetIterator {

    private final List<int[]> batches;
    private final BiFunction<Integer, int[], MultiDataSet> loader;
    private int next;
    private MultiDataSetPreProcessor pre;

    /**
     * @param batches row indices of each batch
     * @param loader  (batch index, rows) → batch
     */
    public BatchIterator(List<int[]> batches, BiFunction<Integer, int[], MultiDataSet> loader) {
        this.batches = batches;
        this.loader = loader;
    }

    @Override
    public MultiDataSet next(int num) {
        return next();
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor p) {
        this.pre = p;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return pre;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        next = 0;
    }

    @Override
    public boolean hasNext() {
        return next < batches.size();
    }

    @Override
    public MultiDataSet next() {
        int i = next++;
        MultiDataSet m = loader.apply(i, batches.get(i));
        if (pre != null) {
            pre.preProcess(m);
        }
        return m;
    }
}
