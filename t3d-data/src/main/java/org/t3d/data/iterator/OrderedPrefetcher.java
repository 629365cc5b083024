package org.t3d.data.iterator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs work items on N daemon threads with at most {@code window} items in flight, and hands results back in item
 * order (so output does not depend on thread timing). Each result is awaited with a watchdog timeout; a stuck item is
 * cancelled (its thread interrupted) and reported.
 *
 * @param <T> result type
 */
final class OrderedPrefetcher<T> implements AutoCloseable {
    private static final AtomicInteger POOL = new AtomicInteger();

    private final ExecutorService pool;
    private final int window;
    private final Duration watchdog;
    private final ArrayDeque<Future<T>> inFlight = new ArrayDeque<>();
    private IntFunction<Callable<T>> tasks;
    private int numItems;
    private int submitted;
    private int consumed;

    OrderedPrefetcher(int workers, int window, Duration watchdog, String name) {
        int id = POOL.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, name + "-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(workers, tf);
        this.window = window;
        this.watchdog = watchdog;
    }

    /** Starts a pass over {@code numItems} items, cancelling whatever was in flight. */
    void start(int items, IntFunction<Callable<T>> taskFactory) {
        cancelInFlight();
        this.numItems = items;
        this.tasks = taskFactory;
        this.submitted = 0;
        this.consumed = 0;
        fill();
    }

    private void fill() {
        while (submitted < numItems && inFlight.size() < window) {
            inFlight.add(pool.submit(tasks.apply(submitted)));
            submitted++;
        }
    }

    boolean hasNext() {
        return consumed < numItems;
    }

    /** Index of the item {@link #next()} returns. */
    int nextIndex() {
        return consumed;
    }

    /**
     * @return the next result in item order
     * @throws ExecutionException if the item failed (the cause is the worker's exception)
     * @throws TimeoutException   if the watchdog fired (the item was cancelled)
     */
    T next() throws ExecutionException, TimeoutException {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        Future<T> f = inFlight.poll();
        consumed++;
        try {
            return f.get(watchdog.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new CancellationException("interrupted while waiting for a video");
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        } finally {
            fill();
        }
    }

    private void cancelInFlight() {
        for (Future<T> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
    }

    @Override
    public void close() {
        cancelInFlight();
        pool.shutdownNow();
    }
}
