package org.t3d.data.iterator;

import java.nio.file.Path;

/** A worker failed to load a video; the message names the file and the reason, the cause carries the details. */
public class DataLoadingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path    the video
     * @param message what went wrong (the path is prepended)
     * @param cause   underlying failure
     */
    public DataLoadingException(Path path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
    }

    /** @return the video that failed */
    public Path path() {
        return path;
    }
}
