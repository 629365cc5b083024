package org.t3d.data.video;

import java.nio.ByteBuffer;
import java.util.List;

import org.t3d.data.transform.ClipView;
import org.t3d.data.transform.CropBox;
import org.t3d.data.transform.Normalization;
import org.t3d.data.transform.SpatialPlan;

/**
 * Copies one decoded RGB24 frame (already scaled by FFmpeg) into the float32 {@code [3, T, H, W]} arrays of the
 * views of a clip, applying rotation, crop, horizontal flip and normalisation in a single pass.
 */
final class FrameWriter {
    private final int srcWidth;
    private final int srcHeight;
    private final int rotation;
    private final List<ClipView> views;
    private final float[] mean;
    private final float[] invStd;
    private final int frames;
    private byte[] pixels = new byte[0];

    /**
     * @param srcWidth  width of the scaled frame in coded orientation
     * @param srcHeight height of the scaled frame in coded orientation
     * @param rotation  clockwise rotation to apply (0, 90, 180, 270)
     * @param plan      plan in display orientation
     * @param norm      normalisation
     * @param frames    clip length T
     */
    FrameWriter(int srcWidth, int srcHeight, int rotation, SpatialPlan plan, Normalization norm, int frames) {
        this.srcWidth = srcWidth;
        this.srcHeight = srcHeight;
        this.rotation = rotation;
        this.views = plan.views();
        this.mean = norm.mean();
        float[] std = norm.std();
        this.invStd = new float[] {1f / std[0], 1f / std[1], 1f / std[2]};
        this.frames = frames;
    }

    /**
     * @param image  RGB24 pixels, row stride {@code stride} bytes
     * @param width  frame width reported by the grabber (must equal the scaled width)
     * @param height frame height reported by the grabber
     * @param stride bytes per row
     * @param slots  clip positions (t) that receive this frame
     * @param outs   one {@code [3, T, H, W]} array per view
     */
    void write(ByteBuffer image, int width, int height, int stride, int[] slots, List<float[]> outs) {
        if (width != srcWidth || height != srcHeight) {
            throw new IllegalStateException("decoder delivered " + width + "x" + height + ", expected "
                    + srcWidth + "x" + srcHeight);
        }
        int len = stride * height;
        if (pixels.length < len) {
            pixels = new byte[len];
        }
        image.get(0, pixels, 0, Math.min(len, image.limit()));
        for (int v = 0; v < views.size(); v++) {
            ClipView view = views.get(v);
            float[] out = outs.get(v);
            for (int t : slots) {
                writeView(view, stride, t, out);
            }
        }
    }

    private void writeView(ClipView view, int stride, int t, float[] out) {
        CropBox c = view.crop();
        int cw = c.width();
        int ch = c.height();
        int plane = frames * ch * cw;
        int frameBase = t * ch * cw;
        int dxStep = view.flip() ? -1 : 1;
        int dx0 = view.flip() ? c.x() + cw - 1 : c.x();
        final byte[] px = pixels;
        final float m0 = mean[0];
        final float m1 = mean[1];
        final float m2 = mean[2];
        final float s0 = invStd[0];
        final float s1 = invStd[1];
        final float s2 = invStd[2];
        for (int y = 0; y < ch; y++) {
            int dy = c.y() + y;
            int off;
            int step;
            switch (rotation) {
                case 0 -> {
                    off = dy * stride + dx0 * 3;
                    step = dxStep * 3;
                }
                case 90 -> {
                    off = (srcHeight - 1 - dx0) * stride + dy * 3;
                    step = -dxStep * stride;
                }
                case 180 -> {
                    off = (srcHeight - 1 - dy) * stride + (srcWidth - 1 - dx0) * 3;
                    step = -dxStep * 3;
                }
                case 270 -> {
                    off = dx0 * stride + (srcWidth - 1 - dy) * 3;
                    step = dxStep * stride;
                }
                default -> throw new IllegalStateException("rotation " + rotation);
            }
            int o = frameBase + y * cw;
            for (int x = 0; x < cw; x++, off += step, o++) {
                out[o] = ((px[off] & 0xFF) - m0) * s0;
                out[plane + o] = ((px[off + 1] & 0xFF) - m1) * s1;
                out[2 * plane + o] = ((px[off + 2] & 0xFF) - m2) * s2;
            }
        }
    }
}
