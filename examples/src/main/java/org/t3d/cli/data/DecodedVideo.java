package org.t3d.cli.data;

/**
 * All frames of a decoded video, 8-bit RGB, layout [T][H][W][3].
 *
 * @param frames number of frames
 * @param height frame height
 * @param width  frame width
 * @param rgb    pixels, T·H·W·3 bytes
 */
public record DecodedVideo(int frames, int height, int width, byte[] rgb) {

    /** @return channel c (0 = R) of pixel (y, x) in frame t, 0..255 */
    public int at(int t, int y, int x, int c) {
        return rgb[((t * height + y) * width + x) * 3 + c] & 0xFF;
    }
}
