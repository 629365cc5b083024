package org.t3d.data.testutil;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes test videos with JavaCV's {@link FFmpegFrameRecorder} whose pixels encode the frame index.
 *
 * <p>Lossless ({@link #writeLossless}): FFV1 (bgr0) in Matroska, pixel-exact. Pixel (x, y) of frame k is
 * R = k mod 256, G = k / 256 (uniform, so they survive scaling exactly) and B = {@link #pattern(int, int)}.
 *
 * <p>Lossy ({@link #writeStriped}): MPEG-4 Part 2 in AVI with B-frames, a GOP and an MP2 audio track; frame k shows
 * 8 vertical black/white stripes of 8 pixels, stripe b white when bit b of k is set.
 */
public final class SyntheticVideos {
    private SyntheticVideos() {
    }

    /**
     * @param x column
     * @param y row
     * @return the blue value at (x, y) of every lossless frame
     */
    public static int pattern(int x, int y) {
        return (x * 3 + y * 5) & 0xFF;
    }

    /**
     * @param file   output file (.mkv)
     * @param frames number of frames
     * @param width  width
     * @param height height
     * @param fps    frame rate
     * @return {@code file}
     * @throws Exception on encoder failure
     */
    public static Path writeLossless(Path file, int frames, int width, int height, double fps) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), width, height, 0)) {
            rec.setFormat("matroska");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
            rec.setPixelFormat(avutil.AV_PIX_FMT_BGR0);
            rec.setFrameRate(fps);
            rec.start();
            Frame f = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer buf = (ByteBuffer) f.image[0];
            for (int k = 0; k < frames; k++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int o = y * f.imageStride + x * 3;
                        buf.put(o, (byte) pattern(x, y));      // B
                        buf.put(o + 1, (byte) (k >> 8));      // G
                        buf.put(o + 2, (byte) (k & 0xFF));    // R
                    }
                }
                rec.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
        return file;
    }

    /**
     * @param file   output file (.avi)
     * @param frames number of frames (at most 256)
     * @param gop    key-frame interval
     * @return {@code file}
     * @throws Exception on encoder failure
     */
    public static Path writeStriped(Path file, int frames, int gop) throws Exception {
        int w = 64;
        int h = 64;
        int fps = 25;
        int sampleRate = 44100;
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), w, h, 1)) {
            rec.setFormat("avi");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setGopSize(gop);
            rec.setMaxBFrames(2);
            rec.setVideoQuality(2);
            rec.setAudioCodec(avcodec.AV_CODEC_ID_MP2);
            rec.setSampleRate(sampleRate);
            rec.setAudioBitrate(64000);
            rec.start();
            Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            ByteBuffer buf = (ByteBuffer) f.image[0];
            short[] samples = new short[sampleRate / fps];
            for (int k = 0; k < frames; k++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int bit = (k >> (x / 8)) & 1;
                        byte v = (byte) (bit == 1 ? 235 : 16);
                        int o = y * f.imageStride + x * 3;
                        buf.put(o, v);
                        buf.put(o + 1, v);
                        buf.put(o + 2, v);
                    }
                }
                rec.record(f, avutil.AV_PIX_FMT_BGR24);
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (k * samples.length + i) / sampleRate));
                }
                rec.recordSamples(ShortBuffer.wrap(samples));
            }
            rec.stop();
        }
        return file;
    }

    /**
     * Reads the frame index back from a striped frame.
     *
     * @param clip   float [3, T, H, W] values 0..255 at 64x64
     * @param t      clip position
     * @param frames T
     * @return the decoded frame index
     */
    public static int readStripes(float[] clip, int t, int frames) {
        int hw = 64 * 64;
        int k = 0;
        for (int b = 0; b < 8; b++) {
            float v = clip[t * hw + 32 * 64 + b * 8 + 4]; // R channel, middle row, stripe centre
            if (v > 128) {
                k |= 1 << b;
            }
        }
        return k;
    }
}
