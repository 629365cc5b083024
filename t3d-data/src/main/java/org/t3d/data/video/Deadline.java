package org.t3d.data.video;

import java.time.Duration;

/** A point in time after which decoding of one video must stop. Thread-safe. */
final class Deadline {
    private final long deadlineNanos;
    private final Duration budget;
    private volatile boolean cancelled;

    private Deadline(Duration budget) {
        this.budget = budget;
        long nanos;
        try {
            nanos = budget.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE / 4;
        }
        this.deadlineNanos = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    static Deadline after(Duration budget) {
        return new Deadline(budget);
    }

    boolean expired() {
        return cancelled || System.nanoTime() - deadlineNanos > 0 || Thread.currentThread().isInterrupted();
    }

    void cancel() {
        cancelled = true;
    }

    Duration budget() {
        return budget;
    }
}
