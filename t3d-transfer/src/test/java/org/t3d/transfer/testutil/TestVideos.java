package org.t3d.transfer.testutil;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes small synthetic videos (MPEG-4 Part 2 in AVI) whose content differs per video: background colour, stripe
 * texture and a moving square of its own colour and velocity, so that frames and clips of the same video can be
 * matched.
 */
public final class TestVideos {

    private TestVideos() {
    }

    /**
     * @param dir    target folder
     * @param count  number of videos
     * @param frames frames per video
     * @param size   width = height
     * @param seed   content seed
     * @return the files, in order
     */
    public static List<Path> write(Path dir, int count, int frames, int size, long seed) throws Exception {
        List<Path> out = new ArrayList<>();
        for (int v = 0; v < count; v++) {
            SplittableRandom r = new SplittableRandom(seed * 1000 + v);
            Color bg = new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
            Color fg = new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
            Color stripe = new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
            int period = 3 + r.nextInt(6);
            boolean vertical = r.nextBoolean();
            double x = r.nextInt(size);
            double y = r.nextInt(size);
            double vx = r.nextDouble(-2, 2);
            double vy = r.nextDouble(-2, 2);
            Path file = dir.resolve(String.format("video_%03d.avi", v));
            try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), size, size, 0);
                    Java2DFrameConverter conv = new Java2DFrameConverter()) {
                rec.setFormat("avi");
                rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                rec.setFrameRate(25);
                rec.setVideoQuality(2);
                rec.start();
                for (int f = 0; f < frames; f++) {
                    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
                    Graphics2D g = img.createGraphics();
                    g.setColor(bg);
                    g.fillRect(0, 0, size, size);
                    g.setColor(stripe);
                    for (int s = (f % period); s < size; s += period * 2) {
                        if (vertical) {
                            g.fillRect(s, 0, period / 2 + 1, size);
                        } else {
                            g.fillRect(0, s, size, period / 2 + 1);
                        }
                    }
                    g.setColor(fg);
                    g.fillRect((int) x, (int) y, size / 3, size / 3);
                    g.dispose();
                    x = Math.floorMod((int) Math.round(x + vx), size);
                    y = Math.floorMod((int) Math.round(y + vy), size);
                    rec.record(conv.convert(img));
                }
                rec.stop();
            }
            out.add(file);
        }
        return out;
    }
}
