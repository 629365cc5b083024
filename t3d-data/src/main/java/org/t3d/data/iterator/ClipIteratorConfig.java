package org.t3d.data.iterator;

import java.util.Objects;

import org.t3d.data.sampling.ClipSampler;
import org.t3d.data.sampling.RandomClipSampler;
import org.t3d.data.transform.TransformConfig;
import org.t3d.data.video.DecodeOptions;

/**
 * Configuration of {@link VideoClipDataSetIterator}. Immutable; build with {@link #builder()}.
 *
 * @param sampler        temporal sampler (clips per video, T, stride)
 * @param transform      spatial transform (resize, crop, flip, normalisation; one draw per clip)
 * @param decodeOptions  decoder options (timeout, rotation, codec threads; the output size comes from the transform)
 * @param batchSize      examples per batch
 * @param workers        decode threads
 * @param prefetch       videos decoded ahead (bounded prefetch window, at least {@code workers})
 * @param seed           seed of sampling, augmentation and shuffling
 * @param shuffle        reshuffle the video order every epoch
 * @param onError        {@link FailurePolicy#FAIL} or {@link FailurePolicy#SKIP} for videos that cannot be decoded
 * @param onPartial      {@link FailurePolicy#KEEP} (default), {@link FailurePolicy#SKIP} or {@link FailurePolicy#FAIL}
 *                       for videos with missing frames
 */
public record ClipIteratorConfig(ClipSampler sampler, TransformConfig transform, DecodeOptions decodeOptions,
                                 int batchSize, int workers, int prefetch, long seed, boolean shuffle,
                                 FailurePolicy onError, FailurePolicy onPartial) {

    /** Validates the configuration. */
    public ClipIteratorConfig {
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(decodeOptions, "decodeOptions");
        Objects.requireNonNull(onError, "onError");
        Objects.requireNonNull(onPartial, "onPartial");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (workers <= 0 || workers > 256) {
            throw new IllegalArgumentException("workers must be in 1..256, got " + workers);
        }
        if (prefetch < workers) {
            throw new IllegalArgumentException("prefetch (" + prefetch + ") must be >= workers (" + workers + ")");
        }
        if (onError == FailurePolicy.KEEP) {
            throw new IllegalArgumentException("onError must be FAIL or SKIP");
        }
    }

    /** @return a builder: random 16-frame clips, stride 1, training transform at 112, batch 8, 2 workers */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this configuration */
    public Builder toBuilder() {
        return new Builder().sampler(sampler).transform(transform).decodeOptions(decodeOptions).batchSize(batchSize)
                .workers(workers).prefetch(prefetch).seed(seed).shuffle(shuffle).onError(onError)
                .onPartial(onPartial);
    }

    /** Builder for {@link ClipIteratorConfig}. */
    public static final class Builder {
        private ClipSampler sampler = new RandomClipSampler(16, 1);
        private TransformConfig transform = TransformConfig.training(112);
        private DecodeOptions decodeOptions = DecodeOptions.DEFAULTS;
        private int batchSize = 8;
        private int workers = 2;
        private int prefetch = -1;
        private long seed = 42;
        private boolean shuffle = true;
        private FailurePolicy onError = FailurePolicy.FAIL;
        private FailurePolicy onPartial = FailurePolicy.KEEP;

        private Builder() {
        }

        /** @param v sampler @return this */
        public Builder sampler(ClipSampler v) {
            this.sampler = v;
            return this;
        }

        /** @param v transform @return this */
        public Builder transform(TransformConfig v) {
            this.transform = v;
            return this;
        }

        /** @param v decode options @return this */
        public Builder decodeOptions(DecodeOptions v) {
            this.decodeOptions = v;
            return this;
        }

        /** @param v batch size @return this */
        public Builder batchSize(int v) {
            this.batchSize = v;
            return this;
        }

        /** @param v decode threads @return this */
        public Builder workers(int v) {
            this.workers = v;
            return this;
        }

        /** @param v videos decoded ahead (default 2 × workers) @return this */
        public Builder prefetch(int v) {
            this.prefetch = v;
            return this;
        }

        /** @param v seed @return this */
        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        /** @param v reshuffle every epoch @return this */
        public Builder shuffle(boolean v) {
            this.shuffle = v;
            return this;
        }

        /** @param v policy for undecodable videos @return this */
        public Builder onError(FailurePolicy v) {
            this.onError = v;
            return this;
        }

        /** @param v policy for partial videos @return this */
        public Builder onPartial(FailurePolicy v) {
            this.onPartial = v;
            return this;
        }

        /** @return the validated configuration */
        public ClipIteratorConfig build() {
            return new ClipIteratorConfig(sampler, transform, decodeOptions, batchSize, workers,
                    prefetch < 0 ? 2 * workers : prefetch, seed, shuffle, onError, onPartial);
        }
    }
}
