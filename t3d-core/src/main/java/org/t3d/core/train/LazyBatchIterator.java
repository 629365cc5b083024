package org.t3d.core.train;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.IntFunction;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * A resettable {@link MultiDataSetIterator} over a fixed number of batches, each produced on demand by a loader
 * ({@code batch index → batch}). It is the in-order, single-threaded iterator an {@link EpochData} returns when
 * the batch plan of an epoch is known up front.
 */
public final class LazyBatchIterator implements MultiDataSetIterator {

    private static final long serialVersionUID = 1L;

    private final int size;
    private final transient IntFunction<MultiDataSet> loader;
    private int next;
    private MultiDataSetPreProcessor pre;

    /**
     * @param size   number of batches, &ge; 0
     * @param loader produces batch {@code i} for {@code 0 <= i < size}
     */
    public LazyBatchIterator(int size, IntFunction<MultiDataSet> loader) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        this.size = size;
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    @Override
    public MultiDataSet next(int num) {
        return next();
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.pre = preProcessor;
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
        return next < size;
    }

    @Override
    public MultiDataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + size + " batches consumed");
        }
        MultiDataSet m = loader.apply(next++);
        if (pre != null) {
            pre.preProcess(m);
        }
        return m;
    }
}
