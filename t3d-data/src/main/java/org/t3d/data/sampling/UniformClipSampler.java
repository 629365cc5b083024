package org.t3d.data.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Testing: K clips whose starts are spread evenly over the video (mmaction2's test-mode {@code SampleFrames}: start
 * {@code k} at {@code floor((k + 0.5) * (n - span + 1) / K)}). Clips may overlap on short videos; videos shorter than
 * a clip give K loop-padded clips from frame 0.
 */
public final class UniformClipSampler extends AbstractClipSampler {
    private final int numClips;

    /**
     * @param numClips   K
     * @param clipLength T
     * @param stride     temporal stride
     */
    public UniformClipSampler(int numClips, int clipLength, int stride) {
        super(clipLength, stride);
        if (numClips <= 0) {
            throw new IllegalArgumentException("numClips must be positive, got " + numClips);
        }
        this.numClips = numClips;
    }

    /** @return K */
    public int numClips() {
        return numClips;
    }

    @Override
    public List<int[]> sample(int numFrames, SplittableRandom random) {
        checkFrames(numFrames);
        int positions = Math.max(1, numFrames - span() + 1);
        List<int[]> clips = new ArrayList<>(numClips);
        for (int k = 0; k < numClips; k++) {
            int start = (int) Math.floor((k + 0.5) * positions / numClips);
            clips.add(LoopPadding.indices(Math.min(start, numFrames - 1), clipLength, stride, numFrames));
        }
        return clips;
    }
}
