package org.t3d.data.transform;

import java.util.Objects;

/**
 * One output view of a clip: a crop of the resized frames, optionally flipped horizontally. Every frame of the clip
 * uses the same view.
 *
 * @param crop the crop box in the resized frame
 * @param flip whether to mirror left-right (after cropping)
 */
public record ClipView(CropBox crop, boolean flip) {

    /** Validates the view. */
    public ClipView {
        Objects.requireNonNull(crop, "crop");
    }
}
