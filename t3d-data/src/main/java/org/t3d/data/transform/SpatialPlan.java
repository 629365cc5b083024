package org.t3d.data.transform;

import java.util.List;

/**
 * What happens spatially to every frame of one clip: FFmpeg scales the frame to {@code width × height}, then each
 * {@link ClipView} crops (and maybe flips) it. All views have the same crop size, so they stack into one batch.
 *
 * @param width  resized frame width (display orientation when rotation is applied)
 * @param height resized frame height
 * @param views  one or more views (e.g. one random crop for training, 3 or 5 crops for testing)
 */
public record SpatialPlan(int width, int height, List<ClipView> views) {

    /** Validates the plan: crops inside the frame and all of the same size. */
    public SpatialPlan {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("resize size must be positive: " + width + "x" + height);
        }
        if (views == null || views.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one view");
        }
        views = List.copyOf(views);
        CropBox first = views.get(0).crop();
        for (ClipView v : views) {
            if (!v.crop().fitsIn(width, height)) {
                throw new IllegalArgumentException("crop " + v.crop() + " outside the " + width + "x" + height + " frame");
            }
            if (v.crop().width() != first.width() || v.crop().height() != first.height()) {
                throw new IllegalArgumentException("all views must have the same crop size: " + views);
            }
        }
    }

    /**
     * @param width  frame width
     * @param height frame height
     * @return a plan that keeps the whole frame at this size, not flipped
     */
    public static SpatialPlan full(int width, int height) {
        return new SpatialPlan(width, height, List.of(new ClipView(new CropBox(0, 0, width, height), false)));
    }

    /** @return the output width of every view */
    public int outputWidth() {
        return views.get(0).crop().width();
    }

    /** @return the output height of every view */
    public int outputHeight() {
        return views.get(0).crop().height();
    }
}
