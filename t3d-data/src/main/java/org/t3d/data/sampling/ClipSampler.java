package org.t3d.data.sampling;

import java.util.List;
import java.util.SplittableRandom;

/** Chooses the frames of the clips taken from one video. Implementations are immutable and thread-safe. */
public interface ClipSampler {

    /**
     * @param numFrames the true frame count of the video (at least 1)
     * @param random    the video's random stream for this epoch (see {@link Seeds}); deterministic samplers ignore it
     * @return one array of {@link #clipLength()} frame indices per clip, each index in {@code [0, numFrames)}
     */
    List<int[]> sample(int numFrames, SplittableRandom random);

    /** @return T, the number of frames per clip */
    int clipLength();

    /** @return the temporal stride between sampled frames */
    int stride();
}
