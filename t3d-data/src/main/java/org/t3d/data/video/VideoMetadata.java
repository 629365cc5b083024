package org.t3d.data.video;

import java.nio.file.Path;

/**
 * What the container header says about a video, read when the file is opened (nothing is decoded). The true frame
 * count needs a decode pass: see {@link VideoReader#scan()}.
 *
 * @param path              the file as given
 * @param container         FFmpeg demuxer name, e.g. {@code "mov,mp4,m4a,3gp,3g2,mj2"}
 * @param codec             video codec name, e.g. {@code "h264"}
 * @param pixelFormat       decoder pixel format name, e.g. {@code "yuv420p"} ({@code "unknown"} if not set)
 * @param width             coded width in pixels (before any rotation)
 * @param height            coded height in pixels (before any rotation)
 * @param fps               average frame rate (0 when unknown)
 * @param headerFrameCount  frame count claimed by the header (stream {@code nb_frames}, else stream duration × fps),
 *                          or -1 when the header says nothing; only an estimate
 * @param durationSeconds   video stream duration (container duration when the stream has none), 0 when unknown
 * @param rotationDegrees   clockwise rotation (0, 90, 180 or 270) a player applies for display, from the display
 *                          matrix; decoded frames are in coded orientation unless
 *                          {@link DecodeOptions#applyRotation()} is set
 * @param audioStreams      number of audio streams in the container
 * @param videoStreamIndex  index of the decoded video stream in the container
 * @param startTimeMicros   video stream start time in microseconds (0 when unknown)
 */
public record VideoMetadata(Path path, String container, String codec, String pixelFormat, int width, int height,
                            double fps, long headerFrameCount, double durationSeconds, int rotationDegrees,
                            int audioStreams, int videoStreamIndex, long startTimeMicros) {

    /** @return width as displayed (height when the rotation is 90 or 270 degrees) */
    public int displayWidth() {
        return rotationDegrees % 180 == 0 ? width : height;
    }

    /** @return height as displayed (width when the rotation is 90 or 270 degrees) */
    public int displayHeight() {
        return rotationDegrees % 180 == 0 ? height : width;
    }
}
