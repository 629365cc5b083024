package org.t3d.cli.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** Decodes every frame of a video file with FFmpeg (JavaCV) into 8-bit RGB, optionally resized. */
public final class VideoDecoder {

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // FFmpeg prints stream dumps at INFO level otherwise
    }

    private VideoDecoder() {
    }

    /**
     * @param file video file
     * @return its frames at their native size
     * @throws IllegalArgumentException naming the file when it cannot be decoded or has no frames
     */
    public static DecodedVideo decode(Path file) {
        return decode(file, 0);
    }

    /**
     * @param file      video file
     * @param shortSide resize so that the shorter side has this many pixels (aspect kept); 0 = native size
     * @return its frames
     * @throws IllegalArgumentException naming the file when it cannot be decoded or has no frames
     */
    public static DecodedVideo decode(Path file, int shortSide) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException("video '" + file + "' does not exist");
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            if (shortSide > 0) {
                try (FFmpegFrameGrabber probe = new FFmpegFrameGrabber(file.toFile())) {
                    probe.start();
                    int w0 = probe.getImageWidth();
                    int h0 = probe.getImageHeight();
                    probe.stop();
                    double s = (double) shortSide / Math.min(w0, h0);
                    g.setImageWidth(Math.max(shortSide, (int) Math.round(w0 * s)));
                    g.setImageHeight(Math.max(shortSide, (int) Math.round(h0 * s)));
                }
            }
            g.start();
            int w = g.getImageWidth();
            int h = g.getImageHeight();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] row = new byte[w * 3];
            int n = 0;
            Frame f;
            while ((f = g.grabImage()) != null) {
                ByteBuffer b = (ByteBuffer) f.image[0];
                for (int y = 0; y < h; y++) {
                    b.position(y * f.imageStride);
                    b.get(row);
                    out.write(row, 0, row.length);
                }
                n++;
            }
            g.stop();
            if (n == 0) {
                throw new IllegalArgumentException("video '" + file + "' has no decodable frames");
            }
            return new DecodedVideo(n, h, w, out.toByteArray());
        } catch (FrameGrabber.Exception e) {
            throw new IllegalArgumentException("cannot decode video '" + file + "': " + e.getMessage(), e);
        }
    }
}
