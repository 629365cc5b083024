package org.t3d.core.train;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * A resettable {@link MultiDataSetIterator} over batches {@code start … size−1}, each produced on demand by a loader
 * ({@code batch index → batch}): the in-order iterator an {@link EpochData} returns when the batch plan of an epoch is
 * known up front. Optionally the next batch is loaded on a background daemon thread while the current one trains
 * ({@link #prefetching}); errors of the loader are rethrown by {@link #next()}.
 */
public final class LazyBatchIterator implements MultiDataSetIterator {

    private static final long serialVersionUID = 1L;

    private final int start;
    private final int size;
    private final transient IntFunction<MultiDataSet> loader;
    private final String threadName;
    private int next;
    private transient ExecutorService pool;
    private transient Future<MultiDataSet> pending;
    private MultiDataSetPreProcessor pre;

    /**
     * Loads each batch in the calling thread.
     *
     * @param size   number of batches, &ge; 0
     * @param loader produces batch {@code i} for {@code 0 <= i < size}
     */
    public LazyBatchIterator(int size, IntFunction<MultiDataSet> loader) {
        this(0, size, loader, null);
    }

    private LazyBatchIterator(int start, int size, IntFunction<MultiDataSet> loader, String threadName) {
        if (size < 0 || start < 0) {
            throw new IllegalArgumentException("size and start must be >= 0, got " + size + ", " + start);
        }
        this.start = start;
        this.size = size;
        this.loader = Objects.requireNonNull(loader, "loader");
        this.threadName = threadName;
        this.next = start;
        prefetch();
    }

    /**
     * An iterator that loads batch {@code i+1} on a background thread while batch {@code i} is used.
     *
     * @param start      first batch (e.g. batches already consumed before a resume), {@code >= 0}
     * @param size       number of batches of the epoch
     * @param loader     produces batch {@code i}; called from the background thread, in order
     * @param threadName name of the background thread
     * @return the iterator
     */
    public static LazyBatchIterator prefetching(int start, int size, IntFunction<MultiDataSet> loader,
            String threadName) {
        return new LazyBatchIterator(start, size, loader, Objects.requireNonNull(threadName, "threadName"));
    }

    private void prefetch() {
        if (threadName == null) {
            return;
        }
        if (next >= size) {
            pending = null;
            if (pool != null) {
                pool.shutdown();
                pool = null;
            }
            return;
        }
        if (pool == null) {
            pool = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }
        int b = next;
        pending = pool.submit(() -> loader.apply(b));
    }

    private MultiDataSet take() {
        if (threadName == null) {
            return loader.apply(next);
        }
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new IllegalStateException("interrupted while loading batch " + next, e);
        } catch (ExecutionException e) {
            pool.shutdownNow();
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
        }
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
        if (pending != null) {
            pending.cancel(true);
        }
        next = start;
        prefetch();
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
        MultiDataSet m = take();
        next++;
        prefetch();
        if (pre != null) {
            pre.preProcess(m);
        }
        return m;
    }
}
