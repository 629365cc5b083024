package org.t3d.data.video;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link VideoReader} decodes. Immutable; build with {@link #builder()} or start from {@link #DEFAULTS}.
 *
 * @param outputSize     frame size when a read does not pass its own spatial plan (default: original size)
 * @param timeout        per-operation decode budget (open + scan, or one clip read); when it passes the read is
 *                       interrupted (FFmpeg interrupt callback plus a check between frames) and a
 *                       {@link FailureReason#TIMEOUT} error is raised (default 60 s)
 * @param codecThreads   FFmpeg decoder threads per video; 1 (default) suits data loading where parallelism comes
 *                       from decoding several videos at once, 0 lets FFmpeg choose
 * @param applyRotation  rotate frames to display orientation using the display-matrix rotation tag (default
 *                       {@code false}: frames in coded orientation, like decord, PyAV and torchvision)
 * @param seekThreshold  seek (to the key frame before a wanted frame, then decode forward) only when that skips at
 *                       least this many frames of sequential decoding; 0 seeks whenever it saves anything,
 *                       {@link Integer#MAX_VALUE} never seeks (default 24)
 */
public record DecodeOptions(OutputSize outputSize, Duration timeout, int codecThreads, boolean applyRotation,
                            int seekThreshold) {

    /** Original size, 60 s timeout, 1 codec thread, no rotation, seek threshold 24. */
    public static final DecodeOptions DEFAULTS = builder().build();

    /** Validates the options. */
    public DecodeOptions {
        Objects.requireNonNull(outputSize, "outputSize");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (codecThreads < 0 || codecThreads > 64) {
            throw new IllegalArgumentException("codecThreads must be in 0..64, got " + codecThreads);
        }
        if (seekThreshold < 0) {
            throw new IllegalArgumentException("seekThreshold must be >= 0, got " + seekThreshold);
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from these options */
    public Builder toBuilder() {
        return new Builder().outputSize(outputSize).timeout(timeout).codecThreads(codecThreads)
                .applyRotation(applyRotation).seekThreshold(seekThreshold);
    }

    /**
     * @param size the output size
     * @return a copy with another output size
     */
    public DecodeOptions withOutputSize(OutputSize size) {
        return toBuilder().outputSize(size).build();
    }

    /** Builder for {@link DecodeOptions}. */
    public static final class Builder {
        private OutputSize outputSize = OutputSize.original();
        private Duration timeout = Duration.ofSeconds(60);
        private int codecThreads = 1;
        private boolean applyRotation;
        private int seekThreshold = 24;

        private Builder() {
        }

        /** @param v output size @return this */
        public Builder outputSize(OutputSize v) {
            this.outputSize = v;
            return this;
        }

        /** @param v per-operation timeout @return this */
        public Builder timeout(Duration v) {
            this.timeout = v;
            return this;
        }

        /** @param v decoder threads per video (0 = FFmpeg's choice) @return this */
        public Builder codecThreads(int v) {
            this.codecThreads = v;
            return this;
        }

        /** @param v rotate to display orientation @return this */
        public Builder applyRotation(boolean v) {
            this.applyRotation = v;
            return this;
        }

        /** @param v minimum frames saved for a seek @return this */
        public Builder seekThreshold(int v) {
            this.seekThreshold = v;
            return this;
        }

        /** @return the validated options */
        public DecodeOptions build() {
            return new DecodeOptions(outputSize, timeout, codecThreads, applyRotation, seekThreshold);
        }
    }
}
