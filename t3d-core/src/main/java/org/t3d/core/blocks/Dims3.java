package org.t3d.core.blocks;

/**
 * A (T, H, W) triple: kernel, stride or padding of a 3D operation. T3D-J always writes kernels as
 * (T, H, W); the paper's "k×k×d" is (H, W, T).
 *
 * @param t temporal extent
 * @param h height extent
 * @param w width extent
 */
public record Dims3(int t, int h, int w) {

    /** Validates the fields (non-negative). */
    public Dims3 {
        if (t < 0 || h < 0 || w < 0) {
            throw new IllegalArgumentException("dimensions must be >= 0, got (" + t + ", " + h + ", " + w + ")");
        }
    }

    /** @return (t, h, w) */
    public static Dims3 of(int t, int h, int w) {
        return new Dims3(t, h, w);
    }

    /** @return (n, n, n) */
    public static Dims3 cube(int n) {
        return new Dims3(n, n, n);
    }

    /** @return {t, h, w} */
    public int[] toArray() {
        return new int[] {t, h, w};
    }

    /** @return product t·h·w */
    public long volume() {
        return (long) t * h * w;
    }

    /** @return true when every extent is positive */
    public boolean positive() {
        return t > 0 && h > 0 && w > 0;
    }

    @Override
    public String toString() {
        return "(" + t + "," + h + "," + w + ")";
    }
}
