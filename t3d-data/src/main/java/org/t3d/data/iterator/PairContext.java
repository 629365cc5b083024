package org.t3d.data.iterator;

import java.util.SplittableRandom;

import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.dataset.VideoSample;
import org.t3d.data.video.VideoDecodeException;

/** What a {@link PairSampler} may use to plan the pairs of one work item. */
public interface PairContext {

    /** @return the dataset */
    DatasetIndex index();

    /** @return the epoch */
    int epoch();

    /** @return the work item's random stream (a function of seed, epoch and item) */
    SplittableRandom random();

    /**
     * @param sample a video of the dataset
     * @return its true frame count (scanned once and cached)
     * @throws VideoDecodeException if the video cannot be decoded
     */
    int frameCount(VideoSample sample) throws VideoDecodeException;
}
