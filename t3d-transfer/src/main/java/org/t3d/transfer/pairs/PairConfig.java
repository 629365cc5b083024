package org.t3d.transfer.pairs;

import java.util.Objects;

import org.t3d.data.sampling.ClipSampler;
import org.t3d.data.sampling.RandomClipSampler;
import org.t3d.data.transform.CropMode;
import org.t3d.data.transform.Normalization;
import org.t3d.data.transform.TransformConfig;

/**
 * How training pairs are cut from unlabelled videos.
 *
 * <p>A clip = {@code clipFrames} frames, {@code frameStride} apart, starting at a random frame; its teacher frames are
 * {@code frames} frames spread uniformly over the same time span (the clip's own frames when X = T). Each frame is
 * resized so that its short side is {@code resizeShortSide}, then one random {@code size}×{@code size} crop (and a
 * random horizontal flip) is applied to every frame of the clip and of its teacher frames, then the
 * normalisation ("mean-subtracted", paper Sec. 4.4; ImageNet statistics by default, as the torchvision teacher
 * expects).
 *
 * @param frames          X, teacher frames per pair (paper: 32)
 * @param clipFrames      T, student clip length (paper: 32)
 * @param frameStride     temporal stride between clip frames (1)
 * @param size            crop size of clip and frames (paper: 224)
 * @param resizeShortSide short side frames are resized to before cropping (256 for 224; = size for no crop jitter)
 * @param flip            random horizontal flip
 * @param normalization   per-channel normalisation (ImageNet)
 * @param pairsPerBatch   pairs per mini-batch, even: half positives, half negatives (paper: 32)
 * @param seed            seed; the pairs of epoch e, batch b are a pure function of (seed, e, b)
 */
public record PairConfig(int frames, int clipFrames, int frameStride, int size, int resizeShortSide, boolean flip,
        Normalization normalization, int pairsPerBatch, long seed) {

    /** Validates the fields. */
    public PairConfig {
        if (frames < 1 || clipFrames < 1 || frameStride < 1) {
            throw new IllegalArgumentException("frames, clipFrames and frameStride must be >= 1, got " + frames + ", "
                    + clipFrames + ", " + frameStride);
        }
        if (size < 8 || resizeShortSide < size) {
            throw new IllegalArgumentException("size must be >= 8 and resizeShortSide >= size, got " + size + ", "
                    + resizeShortSide);
        }
        Objects.requireNonNull(normalization, "normalization");
        if (pairsPerBatch < 4 || pairsPerBatch % 2 != 0) {
            throw new IllegalArgumentException("pairsPerBatch must be even and >= 4 (half positive, half negative), got "
                    + pairsPerBatch);
        }
    }

    /** @return clips per mini-batch (= positives = negatives) */
    public int clipsPerBatch() {
        return pairsPerBatch / 2;
    }

    /** @return t3d-data's temporal sampler of the student clip: one random clip of T frames, loop-padded */
    public ClipSampler clipSampler() {
        return new RandomClipSampler(clipFrames, frameStride);
    }

    /**
     * @return t3d-data's spatial transform shared by clip and teacher frames: short side resized to
     *         {@code resizeShortSide}, one random {@code size}² crop, optional flip, then normalisation
     */
    public TransformConfig transform() {
        return TransformConfig.builder().shortSide(resizeShortSide).cropSize(size).cropMode(CropMode.RANDOM)
                .flipProbability(flip ? 0.5 : 0).normalization(normalization).build();
    }

    /** @return a builder with the paper's setting (X = T = 32, 224 crops of 256-short-side frames, 32 pairs) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this config */
    public Builder toBuilder() {
        return new Builder().frames(frames).clipFrames(clipFrames).frameStride(frameStride).size(size)
                .resizeShortSide(resizeShortSide).flip(flip).normalization(normalization).pairsPerBatch(pairsPerBatch)
                .seed(seed);
    }

    /** Builder for {@link PairConfig}. */
    public static final class Builder {
        private int frames = 32;
        private int clipFrames = 32;
        private int frameStride = 1;
        private int size = 224;
        private int resizeShortSide = 256;
        private boolean flip = true;
        private Normalization normalization = Normalization.IMAGENET;
        private int pairsPerBatch = 32;
        private long seed = 42;

        private Builder() {
        }

        /** @param x teacher frames per pair; default 32 @return this */
        public Builder frames(int x) {
            this.frames = x;
            return this;
        }

        /** @param t clip length; default 32 @return this */
        public Builder clipFrames(int t) {
            this.clipFrames = t;
            return this;
        }

        /** @param s temporal stride; default 1 @return this */
        public Builder frameStride(int s) {
            this.frameStride = s;
            return this;
        }

        /** @param s crop size; default 224 @return this */
        public Builder size(int s) {
            this.size = s;
            return this;
        }

        /** @param s short side before cropping; default 256 @return this */
        public Builder resizeShortSide(int s) {
            this.resizeShortSide = s;
            return this;
        }

        /** @param f random horizontal flip; default true @return this */
        public Builder flip(boolean f) {
            this.flip = f;
            return this;
        }

        /** @param n normalisation; default ImageNet @return this */
        public Builder normalization(Normalization n) {
            this.normalization = n;
            return this;
        }

        /** @param n pairs per batch (even); default 32 @return this */
        public Builder pairsPerBatch(int n) {
            this.pairsPerBatch = n;
            return this;
        }

        /** @param s seed; default 42 @return this */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @return the validated config */
        public PairConfig build() {
            return new PairConfig(frames, clipFrames, frameStride, size, resizeShortSide, flip, normalization,
                    pairsPerBatch, seed);
        }
    }
}
