package org.t3d.core.train;

import java.nio.file.Path;

/**
 * Training stopped because the loss (or the parameters) became NaN or infinite. The last checkpoint written
 * before that, if any, is left untouched.
 */
public final class NonFiniteLossException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long iteration;
    private final int epoch;
    private final transient Path lastGoodCheckpoint;

    /**
     * @param what               what was non-finite ("loss NaN", "parameters")
     * @param iteration          1-based global iteration whose step produced it
     * @param epoch              0-based epoch
     * @param lastGoodCheckpoint last checkpoint written, or null
     */
    public NonFiniteLossException(String what, long iteration, int epoch, Path lastGoodCheckpoint) {
        super(what + " at iteration " + iteration + " (epoch " + (epoch + 1) + "); "
                + (lastGoodCheckpoint == null ? "no checkpoint was written before it"
                        : "last good checkpoint kept: " + lastGoodCheckpoint)
                + ". Lower the learning rate, enable gradient clipping, or check the input data.");
        this.iteration = iteration;
        this.epoch = epoch;
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** @return 1-based global iteration of the failing step */
    public long iteration() {
        return iteration;
    }

    /** @return 0-based epoch of the failing step */
    public int epoch() {
        return epoch;
    }

    /** @return last checkpoint written before the failure, or null */
    public Path lastGoodCheckpoint() {
        return lastGoodCheckpoint;
    }
}
