package org.t3d.data.video;

/**
 * Size of decoded frames, produced by FFmpeg's own bilinear scaler (swscale) in the same pass as the conversion to
 * RGB24. Sizes refer to the frame as delivered: in display orientation when rotation is applied, otherwise in coded
 * orientation.
 *
 * @param mode   how the size is determined
 * @param width  target width for {@link Mode#EXACT}, otherwise 0
 * @param height target height for {@link Mode#EXACT}, otherwise 0
 * @param side   target short side for {@link Mode#SHORT_SIDE}, otherwise 0
 */
public record OutputSize(Mode mode, int width, int height, int side) {

    /** How the output size is determined. */
    public enum Mode {
        /** Keep the source size. */
        ORIGINAL,
        /** Scale to {@code width × height} (aspect ratio not kept). */
        EXACT,
        /** Scale so that the shorter side equals {@code side}, keeping the aspect ratio. */
        SHORT_SIDE
    }

    /** Validates the parameters for the mode. */
    public OutputSize {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        switch (mode) {
            case ORIGINAL -> {
                if (width != 0 || height != 0 || side != 0) {
                    throw new IllegalArgumentException("ORIGINAL takes no size");
                }
            }
            case EXACT -> {
                if (width <= 0 || height <= 0 || side != 0) {
                    throw new IllegalArgumentException("EXACT needs width, height > 0, got " + width + "x" + height);
                }
            }
            case SHORT_SIDE -> {
                if (side <= 0 || width != 0 || height != 0) {
                    throw new IllegalArgumentException("SHORT_SIDE needs side > 0, got " + side);
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    /** @return frames at their source size */
    public static OutputSize original() {
        return new OutputSize(Mode.ORIGINAL, 0, 0, 0);
    }

    /**
     * @param width  output width in pixels
     * @param height output height in pixels
     * @return frames scaled to exactly {@code width × height}
     */
    public static OutputSize exact(int width, int height) {
        return new OutputSize(Mode.EXACT, width, height, 0);
    }

    /**
     * @param side the short side in pixels (e.g. 128 or 256)
     * @return frames scaled so that the short side is {@code side}
     */
    public static OutputSize shortSide(int side) {
        return new OutputSize(Mode.SHORT_SIDE, 0, 0, side);
    }

    /**
     * Resolves the output size for a source size.
     *
     * @param srcWidth  source width (display orientation if rotation is applied)
     * @param srcHeight source height
     * @return {@code {width, height}}
     */
    public int[] resolve(int srcWidth, int srcHeight) {
        return switch (mode) {
            case ORIGINAL -> new int[] {srcWidth, srcHeight};
            case EXACT -> new int[] {width, height};
            case SHORT_SIDE -> shortSideSize(srcWidth, srcHeight, side);
        };
    }

    /**
     * Short-side resize arithmetic shared by decoding and transforms: the short side becomes {@code side}, the long
     * side {@code round(long * side / short)} (half up, as mmaction2's {@code Resize(scale=(-1, side))}).
     *
     * @param srcWidth  source width
     * @param srcHeight source height
     * @param side      target short side
     * @return {@code {width, height}}
     */
    public static int[] shortSideSize(int srcWidth, int srcHeight, int side) {
        if (srcWidth <= 0 || srcHeight <= 0 || side <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + srcWidth + "x" + srcHeight + " -> " + side);
        }
        if (srcWidth <= srcHeight) {
            return new int[] {side, (int) Math.max(1, Math.floor((double) srcHeight * side / srcWidth + 0.5))};
        }
        return new int[] {(int) Math.max(1, Math.floor((double) srcWidth * side / srcHeight + 0.5)), side};
    }
}
