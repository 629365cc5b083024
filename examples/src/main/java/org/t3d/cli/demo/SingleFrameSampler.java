package org.t3d.cli.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.t3d.data.sampling.ClipSampler;

/**
 * The single-frame control: the clips of another sampler with every frame replaced by the clip's middle frame, so a
 * clip holds the same pixels as the real clip's centre but no motion.
 */
final class SingleFrameSampler implements ClipSampler {

    private final ClipSampler clips;

    /** @param clips the sampler whose clips are flattened in time */
    SingleFrameSampler(ClipSampler clips) {
        this.clips = Objects.requireNonNull(clips, "clips");
    }

    @Override
    public List<int[]> sample(int numFrames, SplittableRandom random) {
        List<int[]> out = new ArrayList<>();
        for (int[] clip : clips.sample(numFrames, random)) {
            int[] still = new int[clip.length];
            Arrays.fill(still, clip[clip.length / 2]);
            out.add(still);
        }
        return out;
    }

    @Override
    public int clipLength() {
        return clips.clipLength();
    }

    @Override
    public int stride() {
        return clips.stride();
    }
}
