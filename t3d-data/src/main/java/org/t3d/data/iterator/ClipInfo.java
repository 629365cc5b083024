package org.t3d.data.iterator;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Where one example of a batch comes from, for video-level evaluation (average the clip scores of a {@code videoId}).
 *
 * @param videoId      the sample id (e.g. {@code "ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi"})
 * @param videoIndex   position of the video in the dataset index
 * @param path         file path as a string
 * @param label        0-based class index
 * @param clipIndex    clip number within the video (0 for one clip per video)
 * @param viewIndex    spatial view (crop) number within the clip
 * @param frameIndices decoded frame index of each clip position t
 * @param partial      whether the video was flagged partial (frames missing)
 */
public record ClipInfo(String videoId, int videoIndex, String path, int label, int clipIndex, int viewIndex,
                       int[] frameIndices, boolean partial) implements Serializable {

    @Override
    public int[] frameIndices() {
        return frameIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClipInfo c && videoId.equals(c.videoId) && videoIndex == c.videoIndex
                && path.equals(c.path) && label == c.label && clipIndex == c.clipIndex && viewIndex == c.viewIndex
                && Arrays.equals(frameIndices, c.frameIndices) && partial == c.partial;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * videoId.hashCode() + clipIndex) + viewIndex;
    }

    @Override
    public String toString() {
        return "ClipInfo[" + videoId + " clip " + clipIndex + " view " + viewIndex + " label " + label
                + " frames " + Arrays.toString(frameIndices) + (partial ? " partial" : "") + "]";
    }
}
