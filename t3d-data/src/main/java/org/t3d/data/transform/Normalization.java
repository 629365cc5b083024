package org.t3d.data.transform;

import java.util.Arrays;

/**
 * Per-channel normalisation {@code (value - mean[c]) / std[c]} applied to RGB values in 0..255.
 *
 * @param mean per-channel mean in 0..255 units, RGB order, length 3
 * @param std  per-channel standard deviation in 0..255 units, RGB order, length 3, all positive
 */
public record Normalization(float[] mean, float[] std) {

    /** ImageNet statistics (mean 0.485, 0.456, 0.406; std 0.229, 0.224, 0.225), scaled to 0..255. */
    public static final Normalization IMAGENET = new Normalization(
            new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f});

    /** No normalisation: values stay in 0..255. */
    public static final Normalization NONE = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});

    /** Validates the statistics and takes defensive copies. */
    public Normalization {
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB)");
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("std must be positive and finite: " + Arrays.toString(std));
            }
        }
        for (float m : mean) {
            if (!Float.isFinite(m)) {
                throw new IllegalArgumentException("mean must be finite: " + Arrays.toString(mean));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * @param mean01 means in 0..1 units (torchvision style)
     * @param std01  standard deviations in 0..1 units
     * @return the normalisation for 0..255 values
     */
    public static Normalization of01(float[] mean01, float[] std01) {
        float[] m = new float[3];
        float[] s = new float[3];
        for (int c = 0; c < 3; c++) {
            m[c] = mean01[c] * 255f;
            s[c] = std01[c] * 255f;
        }
        return new Normalization(m, s);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** @return whether this is the identity */
    public boolean isIdentity() {
        return Arrays.equals(mean, NONE.mean) && Arrays.equals(std, NONE.std);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
