package org.t3d.data.video;

import java.util.Locale;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * Sets FFmpeg's native log level once. FFmpeg prints decoder complaints about corrupt files straight to stderr; the
 * default here is {@code quiet} because every problem the library cares about is reported as a
 * {@link VideoDecodeException} or a {@link DecodeIntegrity} flag. Override with the system property
 * {@code t3d.ffmpeg.loglevel} ({@code quiet}, {@code error}, {@code warning}, {@code info}, {@code debug} or a number).
 */
final class FFmpegLogLevel {
    /** System property naming the FFmpeg log level. */
    static final String PROPERTY = "t3d.ffmpeg.loglevel";
    private static volatile boolean done;

    private FFmpegLogLevel() {
    }

    static void init() {
        if (done) {
            return;
        }
        synchronized (FFmpegLogLevel.class) {
            if (done) {
                return;
            }
            String v = System.getProperty(PROPERTY, "quiet").trim().toLowerCase(Locale.ROOT);
            int level = switch (v) {
                case "quiet" -> avutil.AV_LOG_QUIET;
                case "panic" -> avutil.AV_LOG_PANIC;
                case "fatal" -> avutil.AV_LOG_FATAL;
                case "error" -> avutil.AV_LOG_ERROR;
                case "warning" -> avutil.AV_LOG_WARNING;
                case "info" -> avutil.AV_LOG_INFO;
                case "verbose" -> avutil.AV_LOG_VERBOSE;
                case "debug" -> avutil.AV_LOG_DEBUG;
                default -> parseOrQuiet(v);
            };
            avutil.av_log_set_level(level);
            done = true;
        }
    }

    private static int parseOrQuiet(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return avutil.AV_LOG_QUIET;
        }
    }
}
