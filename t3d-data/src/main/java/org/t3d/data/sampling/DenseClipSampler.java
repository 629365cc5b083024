package org.t3d.data.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The T3D test protocol: consecutive non-overlapping clips covering the whole video. Clip {@code j} starts at frame
 * {@code j * T * stride}; there are {@code ceil(n / (T * stride))} clips and the last one is loop-padded with its own
 * frames when the video does not fill it.
 */
public final class DenseClipSampler extends AbstractClipSampler {

    /**
     * @param clipLength T (32 in the paper)
     * @param stride     temporal stride
     */
    public DenseClipSampler(int clipLength, int stride) {
        super(clipLength, stride);
    }

    @Override
    public List<int[]> sample(int numFrames, SplittableRandom random) {
        checkFrames(numFrames);
        int hop = clipLength * stride;
        int clips = (numFrames + hop - 1) / hop;
        List<int[]> out = new ArrayList<>(clips);
        for (int j = 0; j < clips; j++) {
            out.add(LoopPadding.indices(j * hop, clipLength, stride, numFrames));
        }
        return out;
    }
}
