package org.t3d.data.sampling;

/** Clip length and stride validation shared by the samplers. */
abstract class AbstractClipSampler implements ClipSampler {
    protected final int clipLength;
    protected final int stride;

    AbstractClipSampler(int clipLength, int stride) {
        if (clipLength <= 0) {
            throw new IllegalArgumentException("clipLength must be positive, got " + clipLength);
        }
        if (stride <= 0) {
            throw new IllegalArgumentException("stride must be positive, got " + stride);
        }
        this.clipLength = clipLength;
        this.stride = stride;
    }

    @Override
    public int clipLength() {
        return clipLength;
    }

    @Override
    public int stride() {
        return stride;
    }

    /** @return frames spanned by one clip */
    int span() {
        return LoopPadding.span(clipLength, stride);
    }

    static void checkFrames(int numFrames) {
        if (numFrames <= 0) {
            throw new IllegalArgumentException("a video needs at least one frame, got " + numFrames);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[T=" + clipLength + ", stride=" + stride + "]";
    }
}
