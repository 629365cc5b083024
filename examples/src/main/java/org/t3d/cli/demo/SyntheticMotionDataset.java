package org.t3d.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bytedeco.javacv.FrameRecorder;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.dataset.VideoSample;

/**
 * Generates the demo data set: {@code <root>/<split>/<class>/<class>_<i>.avi} plus a CSV index per split
 * ({@code <root>/<split>.csv}, lines {@code path,class name}, paths relative to {@code root}). Deterministic for a
 * given seed.
 */
public final class SyntheticMotionDataset {

    /** The demo's class names, index = label. */
    public static final List<String> CLASSES = List.of(Motion.LEFT.label(), Motion.RIGHT.label(), Motion.UP.label(),
            Motion.DOWN.label());

    private final SyntheticVideoWriter writer;

    /**
     * @param size   frame size in pixels (multiple of 8)
     * @param frames frames per video
     * @param square side of the moving square
     * @param speed  pixels per frame
     */
    public SyntheticMotionDataset(int size, int frames, int square, int speed) {
        if (size % 8 != 0 || frames < 1 || square < 1 || square >= size || speed < 1) {
            throw new IllegalArgumentException("bad synthetic data settings: size " + size + ", frames " + frames
                    + ", square " + square + ", speed " + speed);
        }
        this.writer = new SyntheticVideoWriter(size, frames, square, speed);
    }

    /**
     * @param root           output directory
     * @param split          split name ("train", "test")
     * @param videosPerClass videos per class
     * @param seed           seed of this split
     * @return the videos written, class-interleaved, with ids relative to {@code root}
     *         (e.g. {@code train/left/train_left_000.avi})
     */
    public DatasetIndex generate(Path root, String split, int videosPerClass, long seed) {
        Random rng = new Random(seed);
        List<VideoSample> out = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        try {
            for (int i = 0; i < videosPerClass; i++) {
                for (int c = 0; c < CLASSES.size(); c++) {
                    Motion m = Motion.values()[c];
                    Path dir = root.resolve(split).resolve(m.label());
                    Files.createDirectories(dir);
                    Path file = dir.resolve(String.format("%s_%s_%03d.avi", split, m.label(), i));
                    writer.write(file, m, new Random(rng.nextLong()));
                    out.add(VideoSample.of(root.relativize(file).toString(), file, c));
                    csv.append(root.relativize(file)).append(',').append(m.label()).append('\n');
                }
            }
            Files.writeString(root.resolve(split + ".csv"), csv, StandardCharsets.UTF_8);
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("FFmpeg could not encode a demo video: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo data set to " + root + ": " + e.getMessage(), e);
        }
        return new DatasetIndex("synthetic motion " + split, CLASSES, out, List.of());
    }
}
