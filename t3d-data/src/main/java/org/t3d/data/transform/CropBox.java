package org.t3d.data.transform;

/**
 * A crop rectangle in the resized frame.
 *
 * @param x      left column
 * @param y      top row
 * @param width  width in pixels
 * @param height height in pixels
 */
public record CropBox(int x, int y, int width, int height) {

    /** Validates the box. */
    public CropBox {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("invalid crop box " + x + "," + y + " " + width + "x" + height);
        }
    }

    /**
     * @param frameWidth  frame width
     * @param frameHeight frame height
     * @return whether the box lies inside a frame of this size
     */
    public boolean fitsIn(int frameWidth, int frameHeight) {
        return x + width <= frameWidth && y + height <= frameHeight;
    }
}
