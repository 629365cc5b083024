package org.t3d.data.iterator;

/**
 * One decoded, transformed clip ready for batching.
 *
 * @param data   float32 values in {@code [3, T, H, W]} C-order
 * @param frames T
 * @param height H
 * @param width  W
 * @param info   provenance
 */
public record ClipExample(float[] data, int frames, int height, int width, ClipInfo info) {

    /** Validates the length. */
    public ClipExample {
        if (data.length != 3L * frames * height * width) {
            throw new IllegalArgumentException("data length " + data.length + " != 3*" + frames + "*" + height + "*"
                    + width);
        }
    }
}
