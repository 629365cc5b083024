package org.t3d.cli.run;

import picocli.CommandLine.Option;

/** Clip geometry options shared by the commands that read videos. Unset values come from the model. */
public final class ClipOptions {

    @Option(names = "--frames", description = "Frames per clip (default: the model's nominal clip length).")
    Integer frames;

    @Option(names = "--size", description = "Crop size in pixels (default: the model's nominal input size).")
    Integer size;

    @Option(names = "--short-side", description = "Resize the video's short side to this before cropping "
            + "(default: 8/7 of --size, e.g. 256 for 224; 0 = keep).")
    Integer shortSide;

    /** @param modelFrames model's nominal frames @return clip length */
    public int frames(int modelFrames) {
        return frames != null ? frames : modelFrames;
    }

    /** @param modelSize model's nominal size @return crop size */
    public int size(int modelSize) {
        return size != null ? size : modelSize;
    }

    /** @param crop crop size @return decode-time short side */
    public int shortSide(int crop) {
        return shortSide != null ? shortSide : Math.round(crop * 8f / 7f);
    }
}
