package org.t3d.data.video;

import java.util.Arrays;

/**
 * The exact frame table of a video, built by decoding it once ({@link VideoReader#scan()}): frame {@code k} is the
 * {@code k}-th frame the decoder delivers in presentation order; its timestamp and whether it is a key frame are
 * recorded. Used as the bound for clip sampling and to verify where a seek landed.
 *
 * <p>Compact: constant-frame-rate timestamps are stored as a linear model plus one byte of residual per frame (and a
 * short list of outliers such as the bogus last timestamp of AVI files); irregular timestamps fall back to a plain
 * array. Immutable and thread-safe.
 */
public final class FrameIndex {
    private static final int MAX_EXCEPTIONS_DIVISOR = 8;

    private final int count;
    private final long firstPts;
    private final double step;
    private final byte[] residuals;       // null when 'plain' is used
    private final int[] exceptionPositions;
    private final long[] exceptionPts;
    private final long[] plain;           // null when the linear model is used
    private final int[] keyFrames;

    private FrameIndex(int count, long firstPts, double step, byte[] residuals, int[] exceptionPositions,
                       long[] exceptionPts, long[] plain, int[] keyFrames) {
        this.count = count;
        this.firstPts = firstPts;
        this.step = step;
        this.residuals = residuals;
        this.exceptionPositions = exceptionPositions;
        this.exceptionPts = exceptionPts;
        this.plain = plain;
        this.keyFrames = keyFrames;
    }

    /**
     * Builds an index.
     *
     * @param ptsMicros      presentation timestamp of each decoded frame, in decode-output order (microseconds)
     * @param keyFrameFlags  whether each frame is a key frame (same length)
     * @return the index
     */
    public static FrameIndex of(long[] ptsMicros, boolean[] keyFrameFlags) {
        if (ptsMicros.length != keyFrameFlags.length) {
            throw new IllegalArgumentException("pts and key-frame arrays differ in length: " + ptsMicros.length
                    + " vs " + keyFrameFlags.length);
        }
        int n = ptsMicros.length;
        int keys = 0;
        for (boolean k : keyFrameFlags) {
            keys += k ? 1 : 0;
        }
        int[] keyFrames = new int[keys];
        for (int i = 0, j = 0; i < n; i++) {
            if (keyFrameFlags[i]) {
                keyFrames[j++] = i;
            }
        }
        if (n == 0) {
            return new FrameIndex(0, 0, 0, null, new int[0], new long[0], new long[0], keyFrames);
        }
        long first = ptsMicros[0];
        double bestStep = 0;
        int bestExceptions = Integer.MAX_VALUE;
        for (double candidate : candidateSteps(ptsMicros)) {
            int exceptions = 0;
            for (int i = 0; i < n && exceptions < bestExceptions; i++) {
                long r = ptsMicros[i] - Math.round(first + i * candidate);
                if (r < Byte.MIN_VALUE + 1 || r > Byte.MAX_VALUE) {
                    exceptions++;
                }
            }
            if (exceptions < bestExceptions) {
                bestExceptions = exceptions;
                bestStep = candidate;
            }
        }
        if (bestExceptions > n / MAX_EXCEPTIONS_DIVISOR + 1) {
            return new FrameIndex(n, first, 0, null, new int[0], new long[0], ptsMicros.clone(), keyFrames);
        }
        byte[] residuals = new byte[n];
        int[] exPos = new int[bestExceptions];
        long[] exPts = new long[bestExceptions];
        for (int i = 0, j = 0; i < n; i++) {
            long r = ptsMicros[i] - Math.round(first + i * bestStep);
            if (r < Byte.MIN_VALUE + 1 || r > Byte.MAX_VALUE) {
                residuals[i] = Byte.MIN_VALUE;
                exPos[j] = i;
                exPts[j++] = ptsMicros[i];
            } else {
                residuals[i] = (byte) r;
            }
        }
        return new FrameIndex(n, first, bestStep, residuals, exPos, exPts, null, keyFrames);
    }

    private static double[] candidateSteps(long[] pts) {
        int n = pts.length;
        if (n < 2) {
            return new double[] {0};
        }
        long[] diffs = new long[n - 1];
        for (int i = 1; i < n; i++) {
            diffs[i - 1] = pts[i] - pts[i - 1];
        }
        long[] sorted = diffs.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double whole = (double) (pts[n - 1] - pts[0]) / (n - 1);
        double butLast = n > 2 ? (double) (pts[n - 2] - pts[0]) / (n - 2) : whole;
        return new double[] {whole, butLast, median};
    }

    /** @return the number of decodable frames (the true frame count) */
    public int count() {
        return count;
    }

    /**
     * @param k frame position, {@code 0 <= k < count()}
     * @return the presentation timestamp of frame {@code k} in microseconds, as JavaCV reports it
     */
    public long ptsMicros(int k) {
        if (k < 0 || k >= count) {
            throw new IndexOutOfBoundsException("frame " + k + " of " + count);
        }
        if (plain != null) {
            return plain[k];
        }
        byte r = residuals[k];
        if (r == Byte.MIN_VALUE) {
            return exceptionPts[Arrays.binarySearch(exceptionPositions, k)];
        }
        return Math.round(firstPts + k * step) + r;
    }

    /**
     * @param k frame position
     * @return whether frame {@code k} is a key frame
     */
    public boolean isKeyFrame(int k) {
        return Arrays.binarySearch(keyFrames, k) >= 0;
    }

    /** @return the number of key frames */
    public int keyFrameCount() {
        return keyFrames.length;
    }

    /**
     * @param k frame position
     * @return the last key frame at or before {@code k}, or 0 when there is none (decoding then starts at the top)
     */
    public int keyFrameAtOrBefore(int k) {
        int i = Arrays.binarySearch(keyFrames, k);
        if (i >= 0) {
            return keyFrames[i];
        }
        int ins = -i - 1;
        return ins == 0 ? 0 : keyFrames[ins - 1];
    }

    /**
     * Finds a frame by timestamp.
     *
     * @param ptsMicros a timestamp in microseconds
     * @return the position of the only frame with this timestamp, or -1 when none or several frames have it
     */
    public int positionOf(long ptsMicros) {
        int found = -1;
        if (plain != null) {
            for (int i = 0; i < count; i++) {
                if (plain[i] == ptsMicros) {
                    if (found >= 0) {
                        return -1;
                    }
                    found = i;
                }
            }
            return found;
        }
        if (step > 0) {
            long guess = Math.round((ptsMicros - firstPts) / step);
            for (long i = Math.max(0, guess - 2); i <= Math.min(count - 1L, guess + 2); i++) {
                int k = (int) i;
                if (residuals[k] != Byte.MIN_VALUE && ptsMicros(k) == ptsMicros) {
                    if (found >= 0) {
                        return -1;
                    }
                    found = k;
                }
            }
        } else {
            for (int k = 0; k < count; k++) {
                if (residuals[k] != Byte.MIN_VALUE && ptsMicros(k) == ptsMicros) {
                    if (found >= 0) {
                        return -1;
                    }
                    found = k;
                }
            }
        }
        for (int j = 0; j < exceptionPts.length; j++) {
            if (exceptionPts[j] == ptsMicros) {
                if (found >= 0) {
                    return -1;
                }
                found = exceptionPositions[j];
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "FrameIndex[count=" + count + ", keyFrames=" + keyFrames.length
                + (plain != null ? ", irregular" : ", step=" + step + "us") + "]";
    }
}
