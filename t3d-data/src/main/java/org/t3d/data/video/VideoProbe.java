package org.t3d.data.video;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Checks a video file completely (open, header, full decode scan) and reports ok, partial or error without
 * throwing. Directories, FIFOs and missing paths are reported without being opened, so a probe never hangs;
 * decoding is bounded by {@link DecodeOptions#timeout()}.
 */
public final class VideoProbe {
    private final DecodeOptions options;

    /** @param options decode options (timeout, codec threads) */
    public VideoProbe(DecodeOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A probe with default options (60 s timeout). */
    public VideoProbe() {
        this(DecodeOptions.DEFAULTS);
    }

    /**
     * @param path the file
     * @return the verdict, with {@code path} as {@code path.toString()}
     */
    public ProbeResult probe(Path path) {
        return probe(path, path.toString());
    }

    /**
     * @param path      the file
     * @param shownPath the path to report (e.g. exactly as the user typed it)
     * @return the verdict
     */
    public ProbeResult probe(Path path, String shownPath) {
        VideoMetadata meta = null;
        try (VideoReader reader = VideoReader.open(path, options)) {
            meta = reader.metadata();
            VideoScan scan = reader.scan();
            DecodeIntegrity in = scan.integrity();
            return new ProbeResult(shownPath, in.partial() ? ProbeResult.Status.PARTIAL : ProbeResult.Status.OK,
                    in.partial() ? in.reason() : null, null, meta.container(), meta.codec(), meta.fps(),
                    scan.frameCount(), in.expectedFrames(), meta.width(), meta.height(), meta.rotationDegrees(),
                    meta.durationSeconds());
        } catch (VideoDecodeException e) {
            String reason = e.reason().description() + (e.detail().isEmpty() ? "" : ": " + e.detail());
            if (meta == null) {
                return new ProbeResult(shownPath, ProbeResult.Status.ERROR, reason, e.reason(), null, null,
                        Double.NaN, -1, -1, -1, -1, -1, Double.NaN);
            }
            return new ProbeResult(shownPath, ProbeResult.Status.ERROR, reason, e.reason(), meta.container(),
                    meta.codec(), meta.fps(), e.reason() == FailureReason.UNSUPPORTED_CODEC
                            || e.reason() == FailureReason.ZERO_FRAMES ? 0 : -1,
                    meta.headerFrameCount(), meta.width(), meta.height(), meta.rotationDegrees(),
                    meta.durationSeconds());
        } catch (RuntimeException e) {
            return new ProbeResult(shownPath, ProbeResult.Status.ERROR, "unexpected failure: " + e,
                    FailureReason.DECODE_ERROR, meta == null ? null : meta.container(),
                    meta == null ? null : meta.codec(), Double.NaN, -1, -1, -1, -1, -1, Double.NaN);
        }
    }
}
