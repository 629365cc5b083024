package org.t3d.data.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled video of a dataset.
 *
 * @param id           stable identifier used for video-level aggregation (the path relative to the dataset root,
 *                     e.g. {@code "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi"})
 * @param path         the file
 * @param label        0-based class index
 * @param startSeconds start of the labelled segment in seconds, or {@code NaN} for the whole video
 * @param endSeconds   end of the labelled segment in seconds, or {@code NaN} for the whole video
 */
public record VideoSample(String id, Path path, int label, double startSeconds, double endSeconds) {

    /** Validates the sample. */
    public VideoSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0 for " + id + ", got " + label);
        }
        if (!Double.isNaN(startSeconds) && !Double.isNaN(endSeconds) && endSeconds <= startSeconds) {
            throw new IllegalArgumentException("segment end " + endSeconds + " <= start " + startSeconds + " for " + id);
        }
    }

    /**
     * @param id    identifier
     * @param path  file
     * @param label 0-based class index
     * @return a sample covering the whole video
     */
    public static VideoSample of(String id, Path path, int label) {
        return new VideoSample(id, path, label, Double.NaN, Double.NaN);
    }

    /** @return whether a segment restricts the frames used */
    public boolean hasSegment() {
        return !Double.isNaN(startSeconds) || !Double.isNaN(endSeconds);
    }
}
