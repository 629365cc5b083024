package org.t3d.data.sampling;

/**
 * Frame indices {@code start, start+stride, ...} of a clip, with loop padding: when the video ends before the clip
 * is full, the frames that exist are repeated in order ({@code 0 1 2 0 1 2 ...}), as in 3D-ResNets' LoopPadding.
 */
public final class LoopPadding {
    private LoopPadding() {
    }

    /**
     * @param start     first frame, {@code 0 <= start < numFrames}
     * @param length    clip length T
     * @param stride    temporal stride (at least 1)
     * @param numFrames frames in the video
     * @return T frame indices in {@code [0, numFrames)}
     */
    public static int[] indices(int start, int length, int stride, int numFrames) {
        if (numFrames <= 0 || length <= 0 || stride <= 0) {
            throw new IllegalArgumentException("need numFrames, length, stride > 0: " + numFrames + ", " + length
                    + ", " + stride);
        }
        if (start < 0 || start >= numFrames) {
            throw new IllegalArgumentException("start " + start + " outside [0, " + numFrames + ")");
        }
        int valid = Math.min(length, (numFrames - 1 - start) / stride + 1);
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = start + (i % valid) * stride;
        }
        return out;
    }

    /**
     * @param length clip length T
     * @param stride temporal stride
     * @return frames spanned by a full clip, {@code (T - 1) * stride + 1}
     */
    public static int span(int length, int stride) {
        return (length - 1) * stride + 1;
    }
}
