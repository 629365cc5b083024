package org.t3d.data.video;

import java.util.Locale;

/**
 * Outcome of checking one video file ({@link VideoProbe}), printed as one JSON line by {@code t3d inspect}.
 *
 * @param path           the path as given by the caller
 * @param status         ok, partial or error
 * @param reason         why the file is partial or failed; {@code null} when ok
 * @param failure        the failure reason when status is error, otherwise {@code null}
 * @param container      FFmpeg demuxer name, or {@code null} if unknown
 * @param codec          video codec name, or {@code null} if unknown
 * @param fps            average frame rate, or {@code NaN} if unknown
 * @param frames         true decoded frame count, or -1 if unknown
 * @param expectedFrames frames the file should hold (see {@link DecodeIntegrity}), or -1 if unknown
 * @param width          coded width, or -1
 * @param height         coded height, or -1
 * @param rotation       clockwise display rotation in degrees, or -1
 * @param duration       duration in seconds, or {@code NaN}
 */
public record ProbeResult(String path, Status status, String reason, FailureReason failure, String container,
                          String codec, double fps, long frames, long expectedFrames, int width, int height,
                          int rotation, double duration) {

    /** Overall verdict. */
    public enum Status {
        /** Decodes completely. */
        OK,
        /** Decodes, but frames are missing (truncated or partly corrupt); see the reason. */
        PARTIAL,
        /** Cannot be decoded; see the reason. */
        ERROR;

        /** @return lower-case name used in JSON */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @return one JSON object on one line with the keys {@code path, status, reason, error, container, codec, fps,
     *         frames, expected_frames, width, height, rotation, duration} ({@code null} for unknown values)
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder(256).append('{');
        field(sb, "path", str(path)).append(',');
        field(sb, "status", str(status.id())).append(',');
        field(sb, "reason", str(reason)).append(',');
        field(sb, "error", failure == null ? "null" : str(failure.id())).append(',');
        field(sb, "container", str(container)).append(',');
        field(sb, "codec", str(codec)).append(',');
        field(sb, "fps", num(fps)).append(',');
        field(sb, "frames", frames < 0 ? "null" : Long.toString(frames)).append(',');
        field(sb, "expected_frames", expectedFrames < 0 ? "null" : Long.toString(expectedFrames)).append(',');
        field(sb, "width", width < 0 ? "null" : Integer.toString(width)).append(',');
        field(sb, "height", height < 0 ? "null" : Integer.toString(height)).append(',');
        field(sb, "rotation", rotation < 0 ? "null" : Integer.toString(rotation)).append(',');
        field(sb, "duration", num(duration));
        return sb.append('}').toString();
    }

    private static StringBuilder field(StringBuilder sb, String key, String jsonValue) {
        return sb.append('"').append(key).append("\":").append(jsonValue);
    }

    private static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s;
    }

    /**
     * @param s a string or {@code null}
     * @return the JSON string literal (or {@code null})
     */
    public static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
