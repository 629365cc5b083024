package org.t3d.cli.data;

import java.nio.file.Path;

/**
 * A video file and its class.
 *
 * @param path  video file
 * @param label class index
 */
public record LabelledVideo(Path path, int label) {

    /** @return the file name without directory, used as the video id */
    public String id() {
        return path.getFileName().toString();
    }
}
