package org.t3d.data.sampling;

import java.util.List;
import java.util.SplittableRandom;

/** Training: one clip at a uniformly random start; loop-padded when the video is shorter than the clip. */
public final class RandomClipSampler extends AbstractClipSampler {

    /**
     * @param clipLength T
     * @param stride     temporal stride
     */
    public RandomClipSampler(int clipLength, int stride) {
        super(clipLength, stride);
    }

    @Override
    public List<int[]> sample(int numFrames, SplittableRandom random) {
        checkFrames(numFrames);
        int free = numFrames - span();
        int start = free > 0 ? random.nextInt(free + 1) : 0;
        return List.of(LoopPadding.indices(start, clipLength, stride, numFrames));
    }
}
