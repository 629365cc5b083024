package org.t3d.data.video;

/** Why a video could not be decoded. Each constant has a short human-readable description. */
public enum FailureReason {
    /** The path does not exist. */
    MISSING_FILE("file not found"),
    /** The path is a directory, a FIFO, a device or another non-regular file (never opened, so it cannot hang). */
    NOT_A_REGULAR_FILE("not a regular file"),
    /** The file exists but cannot be read by this process. */
    UNREADABLE_FILE("file not readable"),
    /** FFmpeg cannot open the file as a media container (empty, text, random bytes, lost index, ...). */
    UNREADABLE_CONTAINER("not a readable video container"),
    /** The container is a still image (for example a JPEG renamed to .mp4). */
    STILL_IMAGE("still image, not a video"),
    /** The container has no video stream (for example audio only). */
    NO_VIDEO_STREAM("no video stream"),
    /** The video codec cannot be decoded by the FFmpeg build in use (for example AV1 in JavaCV 1.5.7). */
    UNSUPPORTED_CODEC("unsupported video codec"),
    /** The video stream decodes to zero frames. */
    ZERO_FRAMES("zero frames decoded"),
    /** Decoding took longer than the configured per-video timeout. */
    TIMEOUT("decode timeout"),
    /** Any other decoder failure (including a frame that decoded during the scan but not during a read). */
    DECODE_ERROR("decode error");

    private final String description;

    FailureReason(String description) {
        this.description = description;
    }

    /** @return a short human-readable description, e.g. {@code "no video stream"} */
    public String description() {
        return description;
    }

    /** @return the lower-case kebab name used in JSON output, e.g. {@code "no-video-stream"} */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
