package org.t3d.data.video;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started {@link FFmpegFrameGrabber} for one file: checks the path before FFmpeg sees it (regular file only, so a
 * FIFO never blocks), classifies start failures into {@link FailureReason}s, reads the header metadata, installs the
 * interrupt callback and always releases the native resources on {@link #close()}. Not thread-safe.
 */
final class GrabberSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GrabberSession.class);
    private static final Pattern ERROR_CODE = Pattern.compile("error (-?\\d+)");

    static {
        FFmpegLogLevel.init();
    }

    private final Path path;
    private final FFmpegFrameGrabber grabber;
    private final VideoMetadata metadata;
    private Deadline deadline;
    private boolean closed;

    private GrabberSession(Path path, FFmpegFrameGrabber grabber, VideoMetadata metadata, Deadline deadline) {
        this.path = path;
        this.grabber = grabber;
        this.metadata = metadata;
        this.deadline = deadline;
    }

    /**
     * Checks that a path is an existing, readable, non-empty regular file without opening it.
     *
     * @param path the file
     * @throws VideoDecodeException naming the reason otherwise
     */
    static void checkFile(Path path) throws VideoDecodeException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new VideoDecodeException(path, FailureReason.MISSING_FILE, "", e);
        } catch (IOException | SecurityException e) {
            throw new VideoDecodeException(path, FailureReason.UNREADABLE_FILE, String.valueOf(e.getMessage()), e);
        }
        if (!attrs.isRegularFile()) {
            String kind = attrs.isDirectory() ? "a directory" : attrs.isOther() ? "a FIFO, socket or device" : "not a file";
            throw new VideoDecodeException(path, FailureReason.NOT_A_REGULAR_FILE, kind);
        }
        if (!Files.isReadable(path)) {
            throw new VideoDecodeException(path, FailureReason.UNREADABLE_FILE, "no read permission");
        }
        if (attrs.size() == 0) {
            throw new VideoDecodeException(path, FailureReason.UNREADABLE_CONTAINER, "empty file (0 bytes)");
        }
        if (Files.isSymbolicLink(path) && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            LOG.debug("{} is a symbolic link to a regular file", path);
        }
    }

    /**
     * Opens and starts a grabber.
     *
     * @param path     the file
     * @param options  decode options (codec threads)
     * @param deadline the deadline of the current operation
     * @return the started session
     * @throws VideoDecodeException when the file cannot be opened as a video
     */
    static GrabberSession open(Path path, DecodeOptions options, Deadline deadline) throws VideoDecodeException {
        checkFile(path);
        FFmpegFrameGrabber g = new FFmpegFrameGrabber("file:" + path.toAbsolutePath());
        g.setPixelFormat(AV_PIX_FMT_RGB24);
        g.setAudioStream(Integer.MAX_VALUE); // never open an audio decoder: we only decode video
        g.setVideoOption("threads", Integer.toString(options.codecThreads()));
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            VideoDecodeException failure = classifyStartFailure(path, g, e);
            releaseQuietly(path, g, null);
            throw failure;
        } catch (Error e) {
            releaseQuietly(path, g, null);
            throw e;
        }
        AVFormatContext oc = g.getFormatContext();
        try {
            if (!g.hasVideo()) {
                throw new VideoDecodeException(path, FailureReason.NO_VIDEO_STREAM, describeStreams(oc));
            }
            VideoMetadata metadata = readMetadata(path, g);
            if (isStillImage(metadata.container())) {
                throw new VideoDecodeException(path, FailureReason.STILL_IMAGE,
                        "FFmpeg opened it with the " + metadata.container() + " image demuxer");
            }
            InterruptRegistry.install(oc, deadline);
            return new GrabberSession(path, g, metadata, deadline);
        } catch (VideoDecodeException e) {
            releaseQuietly(path, g, null);
            throw e;
        } catch (RuntimeException e) {
            releaseQuietly(path, g, null);
            throw new VideoDecodeException(path, FailureReason.DECODE_ERROR, "cannot read stream parameters: " + e, e);
        }
    }

    private static boolean isStillImage(String container) {
        return container.endsWith("_pipe") || container.equals("image2") || container.equals("image2pipe");
    }

    private static VideoDecodeException classifyStartFailure(Path path, FFmpegFrameGrabber g, Exception e) {
        String msg = String.valueOf(e.getMessage());
        String code = errorText(msg);
        if (msg.contains("avformat_open_input")) {
            return new VideoDecodeException(path, FailureReason.UNREADABLE_CONTAINER,
                    "FFmpeg cannot open it" + code, e);
        }
        if (msg.contains("avformat_find_stream_info")) {
            return new VideoDecodeException(path, FailureReason.UNREADABLE_CONTAINER,
                    "FFmpeg cannot read its stream information" + code, e);
        }
        if (msg.contains("Did not find a video or audio stream")) {
            String streams = "";
            try {
                streams = describeStreams(g.getFormatContext());
            } catch (RuntimeException ignored) {
                // best effort only
            }
            return new VideoDecodeException(path, FailureReason.NO_VIDEO_STREAM, streams, e);
        }
        if (msg.contains("avcodec_find_decoder") || msg.contains("avcodec_open2")
                || msg.contains("Unsupported video format")) {
            return new VideoDecodeException(path, FailureReason.UNSUPPORTED_CODEC,
                    "no usable decoder in this FFmpeg build" + code, e);
        }
        return new VideoDecodeException(path, FailureReason.DECODE_ERROR, firstLine(msg), e);
    }

    private static String errorText(String msg) {
        Matcher m = ERROR_CODE.matcher(msg);
        if (!m.find()) {
            return "";
        }
        try {
            int code = Integer.parseInt(m.group(1));
            byte[] bytes = new byte[256];
            try (BytePointer buf = new BytePointer(256)) {
                buf.fill(0);
                avutil.av_strerror(code, buf, 256);
                buf.get(bytes);
            }
            int len = 0;
            while (len < bytes.length && bytes[len] != 0) {
                len++;
            }
            return ": " + new String(bytes, 0, len, java.nio.charset.StandardCharsets.UTF_8).trim() + " (" + code + ")";
        } catch (RuntimeException ex) {
            return ": error " + m.group(1);
        }
    }

    private static String firstLine(String msg) {
        int cut = msg.indexOf(" (For more details");
        return cut > 0 ? msg.substring(0, cut) : msg;
    }

    private static String describeStreams(AVFormatContext oc) {
        if (oc == null || oc.isNull()) {
            return "";
        }
        int audio = 0;
        int other = 0;
        for (int i = 0; i < oc.nb_streams(); i++) {
            if (oc.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_AUDIO) {
                audio++;
            } else {
                other++;
            }
        }
        String fmt = oc.iformat() == null || oc.iformat().isNull() ? "?" : oc.iformat().name().getString();
        return "container " + fmt + " has " + audio + " audio and " + other + " other streams, no video";
    }

    private static VideoMetadata readMetadata(Path path, FFmpegFrameGrabber g) {
        AVFormatContext oc = g.getFormatContext();
        int vs = g.getVideoStream();
        AVStream st = oc.streams(vs);
        AVCodecParameters par = st.codecpar();
        String container = oc.iformat().name().getString();
        String codec = avcodec.avcodec_get_name(par.codec_id()).getString();
        BytePointer pixName = par.format() >= 0 ? avutil.av_get_pix_fmt_name(par.format()) : null;
        String pix = pixName == null || pixName.isNull() ? "unknown" : pixName.getString();
        double fps = rate(st.avg_frame_rate());
        if (fps <= 0) {
            fps = rate(st.r_frame_rate());
        }
        AVRational tb = st.time_base();
        double tbSeconds = tb.den() == 0 ? 0 : (double) tb.num() / tb.den();
        double streamDuration = st.duration() != AV_NOPTS_VALUE && st.duration() > 0 ? st.duration() * tbSeconds : 0;
        long header = st.nb_frames() > 0 ? st.nb_frames()
                : streamDuration > 0 && fps > 0 ? Math.round(streamDuration * fps) : -1;
        double duration = streamDuration > 0 ? streamDuration
                : oc.duration() != AV_NOPTS_VALUE && oc.duration() > 0 ? (double) oc.duration() / AV_TIME_BASE : 0;
        long start = st.start_time() != AV_NOPTS_VALUE && tb.den() != 0
                ? 1000000L * st.start_time() * tb.num() / tb.den() : 0;
        int audio = 0;
        for (int i = 0; i < oc.nb_streams(); i++) {
            if (oc.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_AUDIO) {
                audio++;
            }
        }
        return new VideoMetadata(path, container, codec, pix, par.width(), par.height(), fps, header, duration,
                rotation(st, g), audio, vs, start);
    }

    private static double rate(AVRational r) {
        return r == null || r.den() == 0 || r.num() <= 0 ? 0 : (double) r.num() / r.den();
    }

    /** Clockwise display rotation in degrees (0, 90, 180, 270), as FFmpeg's CLI autorotation computes it. */
    private static int rotation(AVStream st, FFmpegFrameGrabber g) {
        double theta = 0;
        BytePointer sd = avformat.av_stream_get_side_data(st, avcodec.AV_PKT_DATA_DISPLAYMATRIX, (SizeTPointer) null);
        if (sd != null && !sd.isNull()) {
            double ccw = avutil.av_display_rotation_get(new IntPointer(sd));
            if (!Double.isNaN(ccw)) {
                theta = -Math.round(ccw);
            }
        } else {
            String tag = g.getVideoMetadata("rotate");
            if (tag != null) {
                try {
                    theta = Double.parseDouble(tag.trim());
                } catch (NumberFormatException ignored) {
                    theta = 0;
                }
            }
        }
        int quarter = (int) Math.round(theta / 90.0);
        return Math.floorMod(quarter * 90, 360);
    }

    FFmpegFrameGrabber grabber() {
        return grabber;
    }

    VideoMetadata metadata() {
        return metadata;
    }

    Path path() {
        return path;
    }

    Deadline deadline() {
        return deadline;
    }

    void setDeadline(Deadline d) {
        this.deadline = d;
        InterruptRegistry.update(grabber.getFormatContext(), d);
    }

    /**
     * @param what what is being done, for the message
     * @throws VideoDecodeException when the deadline has passed
     */
    void checkDeadline(String what) throws VideoDecodeException {
        if (deadline.expired()) {
            throw new VideoDecodeException(path, FailureReason.TIMEOUT,
                    what + " did not finish within " + deadline.budget().toMillis() + " ms");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            releaseQuietly(path, grabber, grabber.getFormatContext());
        }
    }

    private static void releaseQuietly(Path path, FFmpegFrameGrabber g, AVFormatContext oc) {
        try {
            if (oc != null) {
                InterruptRegistry.remove(oc);
            }
            g.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.warn("{}: releasing the FFmpeg grabber failed: {}", path, e.toString());
        }
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debug("{}: closing the grabber failed: {}", path, e.toString());
        }
    }
}
