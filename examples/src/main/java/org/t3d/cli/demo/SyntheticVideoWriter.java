package org.t3d.cli.demo;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes one synthetic action video (MPEG-4 Part 2 in AVI, like UCF101): a square with a fine random texture
 * moving by {@code speed} pixels per frame over a static coarse random background. Positions wrap around the
 * frame (torus), and the start position, textures and colours are drawn independently of the direction, so any
 * single frame has the same distribution whatever the class: only motion tells the classes apart.
 */
final class SyntheticVideoWriter {

    private final int size;
    private final int frames;
    private final int square;
    private final int speed;

    /**
     * @param size   frame width = height in pixels (multiple of 8)
     * @param frames frames per video
     * @param square side of the moving square in pixels
     * @param speed  pixels per frame
     */
    SyntheticVideoWriter(int size, int frames, int square, int speed) {
        this.size = size;
        this.frames = frames;
        this.square = square;
        this.speed = speed;
    }

    /**
     * @param file   output .avi file
     * @param motion direction of motion
     * @param rng    randomness of this video (textures, colours, start)
     * @throws FrameRecorder.Exception when FFmpeg fails
     */
    void write(Path file, Motion motion, Random rng) throws FrameRecorder.Exception {
        int[][] bg = texture(rng, 4, 60);   // coarse, low-contrast background
        int[][] obj = texture(rng, 2, 200); // fine, high-contrast object
        int[] bgTint = tint(rng);
        int[] objTint = tint(rng);
        int x0 = rng.nextInt(size);
        int y0 = rng.nextInt(size);
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), size, size)) {
            rec.setFormat("avi");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setFrameRate(25);
            rec.setVideoQuality(2);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.start();
            for (int t = 0; t < frames; t++) {
                int ox = Math.floorMod(x0 + motion.dx() * speed * t, size);
                int oy = Math.floorMod(y0 + motion.dy() * speed * t, size);
                Frame f = new Frame(size, size, Frame.DEPTH_UBYTE, 3);
                ByteBuffer buf = (ByteBuffer) f.image[0];
                int stride = f.imageStride;
                for (int y = 0; y < size; y++) {
                    int ry = Math.floorMod(y - oy, size);
                    for (int x = 0; x < size; x++) {
                        int rx = Math.floorMod(x - ox, size);
                        boolean inside = rx < square && ry < square;
                        int v = inside ? obj[ry][rx] : bg[y][x];
                        int[] tintRgb = inside ? objTint : bgTint;
                        int p = y * stride + 3 * x; // BGR24
                        buf.put(p, (byte) clamp(v * tintRgb[2] / 255));
                        buf.put(p + 1, (byte) clamp(v * tintRgb[1] / 255));
                        buf.put(p + 2, (byte) clamp(v * tintRgb[0] / 255));
                    }
                }
                rec.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
    }

    /** @return a size×size grey texture of cells×cells blocks with values in 128 ± contrast/2 */
    private int[][] texture(Random rng, int cell, int contrast) {
        int n = (size + cell - 1) / cell;
        int[][] cells = new int[n][n];
        for (int[] row : cells) {
            for (int i = 0; i < n; i++) {
                row[i] = 128 - contrast / 2 + rng.nextInt(contrast + 1);
            }
        }
        int[][] t = new int[size][size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                t[y][x] = cells[y / cell][x / cell];
            }
        }
        return t;
    }

    /** @return a random RGB tint, each channel in [128, 255] */
    private static int[] tint(Random rng) {
        return new int[] {128 + rng.nextInt(128), 128 + rng.nextInt(128), 128 + rng.nextInt(128)};
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
