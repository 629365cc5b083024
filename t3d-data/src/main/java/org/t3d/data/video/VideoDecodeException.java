package org.t3d.data.video;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A video could not be decoded. The message always names the file and the reason, e.g.
 * {@code "audio_only.mp4: no video stream (container mov,mp4,m4a,3gp,3g2,mj2 has 1 audio stream)"}.
 */
public class VideoDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final FailureReason reason;
    private final String detail;

    /**
     * @param path   the video file
     * @param reason why decoding failed
     * @param detail specifics (may be empty)
     * @param cause  underlying exception, or {@code null}
     */
    public VideoDecodeException(Path path, FailureReason reason, String detail, Throwable cause) {
        super(format(path, reason, detail), cause);
        this.path = Objects.requireNonNull(path, "path");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = detail == null ? "" : detail;
    }

    /**
     * @param path   the video file
     * @param reason why decoding failed
     * @param detail specifics (may be empty)
     */
    public VideoDecodeException(Path path, FailureReason reason, String detail) {
        this(path, reason, detail, null);
    }

    private static String format(Path path, FailureReason reason, String detail) {
        String base = path + ": " + reason.description();
        return detail == null || detail.isEmpty() ? base : base + " (" + detail + ")";
    }

    /** @return the video file */
    public Path path() {
        return path;
    }

    /** @return why decoding failed */
    public FailureReason reason() {
        return reason;
    }

    /** @return specifics of the failure, possibly empty */
    public String detail() {
        return detail;
    }
}
