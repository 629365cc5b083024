package org.t3d.cli.run;

import org.t3d.cli.data.Preprocessing;
import org.t3d.cli.data.TestCrops;

import picocli.CommandLine.Option;

/**
 * Test-clip options shared by {@code evaluate}, {@code classify} and {@code features}. Unset values come from the
 * preprocessing saved with the model, so a model is fed what it was trained on.
 */
public final class ClipOptions {

    @Option(names = "--frames",
            description = "Frames per clip (default: as trained, else the model's nominal clip length).")
    Integer frames;

    @Option(names = "--size",
            description = "Crop size in pixels (default: as trained, else the model's nominal input size).")
    Integer size;

    @Option(names = "--short-side", description = "Resize the video's short side to this before cropping; 0 = keep "
            + "(default: as trained; with --size alone, scaled with it).")
    Integer shortSide;

    @Option(names = "--crops", defaultValue = "1", description = "Crops per clip: 1 = centre, 3 = start, centre and "
            + "end of the long side (default: ${DEFAULT-VALUE}). Video score = mean softmax over all clips x crops.")
    int crops;

    @Option(names = "--workers", defaultValue = "2", description = "Decode threads (default: ${DEFAULT-VALUE}).")
    int workers;

    /**
     * @param trained the model's preprocessing
     * @return it with the options given on the command line applied (normalisation always as trained)
     */
    public Preprocessing resolve(Preprocessing trained) {
        int f = frames != null ? frames : trained.frames();
        int s = size != null ? size : trained.cropSize();
        int side;
        if (shortSide != null) {
            side = shortSide;
        } else if (size == null || trained.shortSide() == 0) {
            side = trained.shortSide();
        } else {
            side = Math.round((float) trained.shortSide() * s / trained.cropSize());
        }
        return trained.withGeometry(f, s, side);
    }

    /** @return the crops of {@code --crops} */
    public TestCrops crops() {
        return TestCrops.of(crops);
    }

    /** @return decode threads */
    public int workers() {
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("--workers must be in 1..64, got " + workers);
        }
        return workers;
    }
}
