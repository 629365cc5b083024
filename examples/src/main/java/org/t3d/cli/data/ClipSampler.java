package org.t3d.cli.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Temporal sampling of clips (start frames; frames past the end loop back to the start) and the clip-consistent
 * spatial transform (one crop for every frame of a clip), writing NCDHW floats normalised with the Kinetics
 * mean/std (0.45, 0.225).
 */
public final class ClipSampler {

    private static final float MEAN = 0.45f;
    private static final float STD = 0.225f;

    private ClipSampler() {
    }

    /** @return a random start frame in [0, frames) */
    public static int randomStart(DecodedVideo v, Random rng) {
        return rng.nextInt(v.frames());
    }

    /** @return start frames of the dense non-overlapping clips covering the video (the last one loop-padded) */
    public static List<Integer> denseStarts(DecodedVideo v, int clipLength) {
        List<Integer> s = new ArrayList<>();
        for (int t = 0; t < v.frames(); t += clipLength) {
            s.add(t);
        }
        return s;
    }

    /**
     * Writes one clip into a batch buffer laid out [N, 3, T, crop, crop].
     *
     * @param v           decoded video
     * @param start       first frame
     * @param length      clip length T
     * @param cropY       crop top
     * @param cropX       crop left
     * @param crop        crop size
     * @param singleFrame if true every frame of the clip is the clip's middle frame (the single-frame control)
     * @param dst         batch buffer
     * @param offset      offset of this example in {@code dst}
     */
    public static void write(DecodedVideo v, int start, int length, int cropY, int cropX, int crop, boolean singleFrame,
            float[] dst, int offset) {
        write(v, start, length, cropY, cropX, crop, singleFrame, false, dst, offset);
    }

    /**
     * As {@link #write(DecodedVideo, int, int, int, int, int, boolean, float[], int)}, optionally mirrored
     * horizontally (the same flip for every frame of the clip).
     *
     * @param v           decoded video
     * @param start       first frame
     * @param length      clip length T
     * @param cropY       crop top
     * @param cropX       crop left
     * @param crop        crop size
     * @param singleFrame every frame is the clip's middle frame
     * @param flip        mirror horizontally
     * @param dst         batch buffer
     * @param offset      offset of this example in {@code dst}
     */
    public static void write(DecodedVideo v, int start, int length, int cropY, int cropX, int crop, boolean singleFrame,
            boolean flip, float[] dst, int offset) {
        if (cropY + crop > v.height() || cropX + crop > v.width()) {
            throw new IllegalArgumentException("crop " + crop + " at (" + cropY + ", " + cropX + ") exceeds the "
                    + v.height() + "x" + v.width() + " frames");
        }
        int plane = crop * crop;
        for (int t = 0; t < length; t++) {
            int src = (singleFrame ? start + length / 2 : start + t) % v.frames();
            for (int c = 0; c < 3; c++) {
                int base = offset + (c * length + t) * plane;
                for (int y = 0; y < crop; y++) {
                    for (int x = 0; x < crop; x++) {
                        dst[base + y * crop + (flip ? crop - 1 - x : x)] = (v.at(src, cropY + y, cropX + x, c) / 255f - MEAN) / STD;
                    }
                }
            }
        }
    }
}
