package org.t3d.data.transform;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Spatial transform of a clip: short-side resize (optionally jittered), crop, horizontal flip and normalisation. One
 * random draw per clip ({@link #plan}); every frame of the clip gets the same size, crop and flip.
 *
 * @param shortSideMin    short side after resizing; 0 keeps the source size
 * @param shortSideMax    upper bound of the scale jitter (short side drawn uniformly in
 *                        {@code [shortSideMin, shortSideMax]}); equal to {@code shortSideMin} for a fixed size
 * @param cropSize        square crop size (e.g. 224 or 112); ignored for {@link CropMode#NONE}
 * @param cropMode        where crops are taken
 * @param flipProbability probability of a horizontal flip for the random crop modes (0 for testing)
 * @param normalization   per-channel normalisation
 */
public record TransformConfig(int shortSideMin, int shortSideMax, int cropSize, CropMode cropMode,
                              double flipProbability, Normalization normalization) {

    /** Validates the configuration. */
    public TransformConfig {
        Objects.requireNonNull(cropMode, "cropMode");
        Objects.requireNonNull(normalization, "normalization");
        if (shortSideMin < 0 || shortSideMax < shortSideMin || (shortSideMin == 0 && shortSideMax != 0)) {
            throw new IllegalArgumentException("need 0 <= shortSideMin <= shortSideMax (0/0 keeps the size), got "
                    + shortSideMin + ".." + shortSideMax);
        }
        if (cropMode != CropMode.NONE) {
            if (cropSize <= 0) {
                throw new IllegalArgumentException("cropSize must be positive for " + cropMode);
            }
            if (shortSideMin > 0 && cropSize > shortSideMin) {
                throw new IllegalArgumentException("cropSize " + cropSize + " exceeds the short side " + shortSideMin);
            }
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flipProbability must be in [0, 1], got " + flipProbability);
        }
    }

    /**
     * The T3D paper's training transform: short side {@code cropSize * 8 / 7} (256 for 224, 128 for 112), one of the
     * 4 corners or the centre at random, flip with probability 0.5, ImageNet normalisation.
     *
     * @param cropSize 224 or 112 (any positive size works)
     * @return the configuration
     */
    public static TransformConfig training(int cropSize) {
        int side = Math.round(cropSize * 8f / 7f);
        return builder().shortSide(side).cropSize(cropSize).cropMode(CropMode.RANDOM_FIVE_POSITION)
                .flipProbability(0.5).build();
    }

    /**
     * Training with scale jitter: short side drawn in {@code [minSide, maxSide]}, random crop, flip 0.5, ImageNet.
     *
     * @param minSide  smallest short side (e.g. 256)
     * @param maxSide  largest short side (e.g. 320)
     * @param cropSize crop size
     * @return the configuration
     */
    public static TransformConfig trainingScaleJitter(int minSide, int maxSide, int cropSize) {
        return builder().shortSide(minSide, maxSide).cropSize(cropSize).cropMode(CropMode.RANDOM)
                .flipProbability(0.5).build();
    }

    /**
     * Testing with one centre crop: short side {@code cropSize * 8 / 7}, centre crop, ImageNet.
     *
     * @param cropSize crop size
     * @return the configuration
     */
    public static TransformConfig testCenter(int cropSize) {
        return builder().shortSide(Math.round(cropSize * 8f / 7f)).cropSize(cropSize).cropMode(CropMode.CENTER)
                .build();
    }

    /**
     * Testing with 3 crops along the long side: short side {@code cropSize * 8 / 7}, ImageNet.
     *
     * @param cropSize crop size
     * @return the configuration
     */
    public static TransformConfig testThreeCrop(int cropSize) {
        return builder().shortSide(Math.round(cropSize * 8f / 7f)).cropSize(cropSize).cropMode(CropMode.THREE_CROP)
                .build();
    }

    /** @return a builder (no resize, no crop, no flip, ImageNet normalisation) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this configuration */
    public Builder toBuilder() {
        return new Builder().shortSide(shortSideMin, shortSideMax).cropSize(cropSize).cropMode(cropMode)
                .flipProbability(flipProbability).normalization(normalization);
    }

    /**
     * @param n the normalisation
     * @return a copy with another normalisation
     */
    public TransformConfig withNormalization(Normalization n) {
        return toBuilder().normalization(n).build();
    }

    /**
     * Draws the plan of one clip.
     *
     * @param srcWidth  source frame width (display orientation if rotation is applied)
     * @param srcHeight source frame height
     * @param random    the clip's random stream (one draw per clip)
     * @return the plan
     */
    public SpatialPlan plan(int srcWidth, int srcHeight, SplittableRandom random) {
        return SpatialPlanner.plan(this, srcWidth, srcHeight, random);
    }

    /** Builder for {@link TransformConfig}. */
    public static final class Builder {
        private int shortSideMin;
        private int shortSideMax;
        private int cropSize;
        private CropMode cropMode = CropMode.NONE;
        private double flipProbability;
        private Normalization normalization = Normalization.IMAGENET;

        private Builder() {
        }

        /** @param side fixed short side (0 keeps the source size) @return this */
        public Builder shortSide(int side) {
            this.shortSideMin = side;
            this.shortSideMax = side;
            return this;
        }

        /** @param min smallest short side @param max largest short side @return this */
        public Builder shortSide(int min, int max) {
            this.shortSideMin = min;
            this.shortSideMax = max;
            return this;
        }

        /** @param v crop size @return this */
        public Builder cropSize(int v) {
            this.cropSize = v;
            return this;
        }

        /** @param v crop mode @return this */
        public Builder cropMode(CropMode v) {
            this.cropMode = v;
            return this;
        }

        /** @param v flip probability @return this */
        public Builder flipProbability(double v) {
            this.flipProbability = v;
            return this;
        }

        /** @param v normalisation @return this */
        public Builder normalization(Normalization v) {
            this.normalization = v;
            return this;
        }

        /** @return the validated configuration */
        public TransformConfig build() {
            return new TransformConfig(shortSideMin, shortSideMax, cropSize, cropMode, flipProbability, normalization);
        }
    }
}
