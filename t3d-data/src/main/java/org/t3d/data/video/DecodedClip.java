package org.t3d.data.video;

import java.nio.file.Path;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Frames of one clip, one float32 array per view in {@code [C=3, T, H, W]} layout (C-order, RGB). Values are 0..255
 * unless a normalisation was applied when reading.
 *
 * @param path          the video
 * @param frameIndices  frame index of each clip position t (length T; repeats when loop-padded)
 * @param height        H of every view
 * @param width         W of every view
 * @param views         one array of length {@code 3*T*H*W} per view
 * @param partial       whether the video was flagged partial by its scan ({@link DecodeIntegrity})
 */
public record DecodedClip(Path path, int[] frameIndices, int height, int width, List<float[]> views,
                          boolean partial) {

    /** Validates the sizes. */
    public DecodedClip {
        views = List.copyOf(views);
        long len = 3L * frameIndices.length * height * width;
        for (float[] v : views) {
            if (v.length != len) {
                throw new IllegalArgumentException("view length " + v.length + " != 3*T*H*W = " + len);
            }
        }
    }

    /** @return T, the number of frames */
    public int frames() {
        return frameIndices.length;
    }

    /** @return the number of views (crops) */
    public int viewCount() {
        return views.size();
    }

    /**
     * @param view view number
     * @return the view as a new float32 INDArray of shape {@code [3, T, H, W]}
     */
    public INDArray toINDArray(int view) {
        return Nd4j.create(views.get(view), new long[] {3, frames(), height, width}, 'c');
    }

    /** @return the first view as a float32 INDArray of shape {@code [3, T, H, W]} */
    public INDArray toINDArray() {
        return toINDArray(0);
    }
}
