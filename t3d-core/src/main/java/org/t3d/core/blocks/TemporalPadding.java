package org.t3d.core.blocks;

/**
 * Where the extra zero frame goes when a stride-1 "same" temporal convolution has an even depth (the
 * total padding d − 1 is odd). Odd depths are padded symmetrically either way.
 *
 * <table>
 * <caption>frames before / after</caption>
 * <tr><th>depth</th><th>END</th><th>FRONT</th></tr>
 * <tr><td>1</td><td>0 / 0</td><td>0 / 0</td></tr>
 * <tr><td>4</td><td>1 / 2</td><td>2 / 1</td></tr>
 * <tr><td>6</td><td>2 / 3</td><td>3 / 2</td></tr>
 * </table>
 */
public enum TemporalPadding {
    /** Extra frame at the end of the time axis: TensorFlow/Keras SAME, and the T3D-J (paper) default. */
    END,
    /** Extra frame at the front: equals symmetric d/2 padding followed by cropping the tail. */
    FRONT;

    /**
     * @param depth temporal kernel depth, &ge; 1
     * @return {frames before, frames after} for a "same" stride-1 convolution
     */
    public int[] pad(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("temporal depth must be >= 1, got " + depth);
        }
        int total = depth - 1;
        int small = total / 2;
        return this == END ? new int[] {small, total - small} : new int[] {total - small, small};
    }
}
