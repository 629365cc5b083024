/**
 * Video decoding over JavaCV's {@code FFmpegFrameGrabber}: {@link org.t3d.data.video.VideoReader} opens a file,
 * reports {@link org.t3d.data.video.VideoMetadata}, builds an exact {@link org.t3d.data.video.FrameIndex} (frame
 * {@code k} is the {@code k}-th decoded frame in presentation order) and reads clips as float32 {@code [3, T, H, W]}
 * arrays (RGB, values 0..255 unless a normalisation is applied). Failures are
 * {@link org.t3d.data.video.VideoDecodeException}s that name the file and a {@link org.t3d.data.video.FailureReason};
 * truncated or partly corrupt files are delivered and flagged by {@link org.t3d.data.video.DecodeIntegrity}.
 * {@link org.t3d.data.video.VideoProbe} checks a file without reading clips (the {@code t3d inspect} command).
 */
package org.t3d.data.video;
