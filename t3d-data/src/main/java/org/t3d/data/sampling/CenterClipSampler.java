package org.t3d.data.sampling;

import java.util.List;
import java.util.SplittableRandom;

/** Testing: one clip in the temporal centre; loop-padded when the video is shorter than the clip. */
public final class CenterClipSampler extends AbstractClipSampler {

    /**
     * @param clipLength T
     * @param stride     temporal stride
     */
    public CenterClipSampler(int clipLength, int stride) {
        super(clipLength, stride);
    }

    @Override
    public List<int[]> sample(int numFrames, SplittableRandom random) {
        checkFrames(numFrames);
        int start = Math.max(0, (numFrames - span()) / 2);
        return List.of(LoopPadding.indices(start, clipLength, stride, numFrames));
    }
}
