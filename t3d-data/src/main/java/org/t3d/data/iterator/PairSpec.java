package org.t3d.data.iterator;

import java.util.Objects;

import org.t3d.data.dataset.VideoSample;

/**
 * One planned training pair for 2D→3D transfer: X frames of one video for the 2D network and a clip of (possibly)
 * another video for the 3D network, with a label vector (e.g. {@code [1]} / {@code [0]} for correspondence, or a
 * one-hot).
 *
 * @param frameVideo   video the 2D frames come from
 * @param frameIndices the X frame indices
 * @param clipVideo    video the 3D clip comes from
 * @param clipIndices  the T frame indices of the clip
 * @param label        label vector (same length for every pair of an iterator)
 */
public record PairSpec(VideoSample frameVideo, int[] frameIndices, VideoSample clipVideo, int[] clipIndices,
                       float[] label) {

    /** Validates the spec. */
    public PairSpec {
        Objects.requireNonNull(frameVideo, "frameVideo");
        Objects.requireNonNull(clipVideo, "clipVideo");
        if (frameIndices == null || frameIndices.length == 0 || clipIndices == null || clipIndices.length == 0) {
            throw new IllegalArgumentException("a pair needs at least one frame and one clip frame");
        }
        if (label == null || label.length == 0) {
            throw new IllegalArgumentException("a pair needs a label vector");
        }
    }
}
