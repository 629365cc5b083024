package org.t3d.data.iterator;

/** What an iterator does with a video that cannot be decoded or decodes only partly. */
public enum FailurePolicy {
    /** Throw a {@link DataLoadingException} naming the file (default for errors). */
    FAIL,
    /** Log a warning and leave the video out of the epoch. */
    SKIP,
    /** Use the video anyway (only meaningful for partial videos: the frames that decode are sampled). */
    KEEP
}
