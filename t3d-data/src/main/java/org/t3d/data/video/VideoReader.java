package org.t3d.data.video;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.data.transform.Normalization;
import org.t3d.data.transform.SpatialPlan;

/**
 * Reads exact frames of one video file. Frame {@code k} is the {@code k}-th frame the decoder delivers in
 * presentation order; the true frame count comes from a scan pass ({@link #scan()}), never from the header.
 *
 * <pre>{@code
 * try (VideoReader r = VideoReader.open(Path.of("v_Archery_g01_c01.avi"),
 *         DecodeOptions.builder().outputSize(OutputSize.shortSide(128)).build())) {
 *     int n = r.frameCount();
 *     INDArray clip = r.readClip(new int[] {0, 2, 4, 6});   // float32 [3, 4, 128, 171], RGB 0..255
 * }
 * }</pre>
 *
 * <p>Frames are scaled and converted to RGB24 by FFmpeg's swscale (bilinear) and copied straight from the frame buffer
 * into float arrays. Reads decode forward and seek only when a key frame well ahead of the decode position can be
 * reached ({@link DecodeOptions#seekThreshold()}); every frame reached after a seek is checked against the scanned
 * timestamps, and any doubt falls back to decoding from the start, so results never depend on seeking.
 *
 * <p>Not thread-safe: use one reader per thread. Always close it (try-with-resources) to release native memory.
 */
public final class VideoReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoReader.class);

    private final Path path;
    private final DecodeOptions options;
    private final VideoMetadata metadata;
    private GrabberSession session;
    /** Last frame delivered by the current session, -1 before the first. */
    private int position = -1;
    /** Whether the current session has been repositioned by a seek (frames are then verified). */
    private boolean seeked;
    private VideoScan scan;
    private boolean closed;
    private int seeks;
    private int seekFallbacks;

    private VideoReader(Path path, DecodeOptions options, GrabberSession session, VideoScan scan) {
        this.path = path;
        this.options = options;
        this.session = session;
        this.metadata = session.metadata();
        this.scan = scan;
    }

    /**
     * Opens a video with default options.
     *
     * @param path the file
     * @return the reader
     * @throws VideoDecodeException if the file is missing, not a regular file, not a video, has no video stream or an
     *                              undecodable codec
     */
    public static VideoReader open(Path path) throws VideoDecodeException {
        return open(path, DecodeOptions.DEFAULTS, null);
    }

    /**
     * Opens a video.
     *
     * @param path    the file
     * @param options decode options
     * @return the reader
     * @throws VideoDecodeException if the file cannot be opened as a video
     */
    public static VideoReader open(Path path, DecodeOptions options) throws VideoDecodeException {
        return open(path, options, null);
    }

    /**
     * Opens a video whose scan is already known (e.g. from a {@link ScanCache}), so no scan pass is needed.
     *
     * @param path      the file
     * @param options   decode options
     * @param knownScan the scan of this file, or {@code null}
     * @return the reader
     * @throws VideoDecodeException if the file cannot be opened as a video
     */
    public static VideoReader open(Path path, DecodeOptions options, VideoScan knownScan) throws VideoDecodeException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        GrabberSession s = GrabberSession.open(path, options, Deadline.after(options.timeout()));
        return new VideoReader(path, options, s, knownScan);
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /** @return the options */
    public DecodeOptions options() {
        return options;
    }

    /** @return header metadata (available without decoding) */
    public VideoMetadata metadata() {
        return metadata;
    }

    /**
     * Scans the video once (decoding every frame without colour conversion) and caches the result in this reader.
     *
     * @return the exact frame table and the integrity verdict
     * @throws VideoDecodeException on timeout, zero frames or an unsupported codec
     */
    public VideoScan scan() throws VideoDecodeException {
        ensureOpen();
        if (scan == null) {
            restartSession();
            session.setDeadline(Deadline.after(options.timeout()));
            VideoScan s = FrameScanner.scan(session, options);
            position = Integer.MAX_VALUE; // the session is at the end now
            scan = s;
            if (s.integrity().partial()) {
                LOG.debug("{}: partial video: {}", path, s.integrity().reason());
            }
        }
        return scan;
    }

    /**
     * @return the true number of decodable frames
     * @throws VideoDecodeException if the scan fails
     */
    public int frameCount() throws VideoDecodeException {
        return scan().frameCount();
    }

    /**
     * Reads frames at {@link DecodeOptions#outputSize()}, whole frames, values 0..255.
     *
     * @param frameIndices frame indices in clip order (any order, repeats allowed)
     * @return float32 INDArray {@code [3, T, H, W]}, RGB, 0..255
     * @throws VideoDecodeException on decode failure or timeout
     */
    public INDArray readClip(int[] frameIndices) throws VideoDecodeException {
        return read(frameIndices).toINDArray(0);
    }

    /**
     * Reads frames at {@link DecodeOptions#outputSize()}, whole frames, values 0..255.
     *
     * @param frameIndices frame indices in clip order (any order, repeats allowed)
     * @return the clip with one view
     * @throws VideoDecodeException on decode failure or timeout
     */
    public DecodedClip read(int[] frameIndices) throws VideoDecodeException {
        int[] size = options.outputSize().resolve(sourceWidth(), sourceHeight());
        return read(frameIndices, SpatialPlan.full(size[0], size[1]), Normalization.NONE);
    }

    /**
     * Reads frames and applies a spatial plan: FFmpeg scales each frame to the plan's size, then every view's crop,
     * flip and the normalisation are applied while copying.
     *
     * @param frameIndices  frame indices in clip order (repeats allowed, e.g. loop padding), each in
     *                      {@code [0, frameCount())}
     * @param plan          resize size (in display orientation when rotation is applied) and views
     * @param normalization per-channel normalisation ({@link Normalization#NONE} keeps 0..255)
     * @return one float32 {@code [3, T, H, W]} array per view
     * @throws VideoDecodeException on decode failure or timeout
     * @throws IndexOutOfBoundsException if an index is outside the video
     */
    public DecodedClip read(int[] frameIndices, SpatialPlan plan, Normalization normalization)
            throws VideoDecodeException {
        ensureOpen();
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(normalization, "normalization");
        if (frameIndices.length == 0) {
            throw new IllegalArgumentException(path + ": no frame indices given");
        }
        VideoScan s = scan();
        int count = s.frameCount();
        for (int k : frameIndices) {
            if (k < 0 || k >= count) {
                throw new IndexOutOfBoundsException(path + ": frame " + k + " requested, the video has " + count
                        + " frames");
            }
        }
        int t = frameIndices.length;
        List<float[]> outs = new ArrayList<>(plan.views().size());
        for (int v = 0; v < plan.views().size(); v++) {
            outs.add(new float[3 * t * plan.outputHeight() * plan.outputWidth()]);
        }
        int rotation = options.applyRotation() ? metadata.rotationDegrees() : 0;
        boolean swap = rotation % 180 != 0;
        int scaledW = swap ? plan.height() : plan.width();
        int scaledH = swap ? plan.width() : plan.height();
        FrameWriter writer = new FrameWriter(scaledW, scaledH, rotation, plan, normalization, t);

        int[] order = frameIndices.clone();
        Arrays.sort(order);
        int[] targets = Arrays.stream(order).distinct().toArray();
        int[][] slots = slotsOf(frameIndices, targets);

        Deadline deadline = Deadline.after(options.timeout());
        if (position == Integer.MAX_VALUE) {
            restartSession(); // the scan left the session at the end of the stream
        }
        session.setDeadline(deadline);
        boolean allowSeek = true;
        int done = 0;
        while (done < targets.length) {
            try {
                done = decodeTargets(targets, slots, done, allowSeek, writer, outs, scaledW, scaledH);
            } catch (SeekMismatch m) {
                LOG.debug("{}: {}; decoding from the start instead", path, m.getMessage());
                seekFallbacks++;
                allowSeek = false;
                restartSession();
                session.setDeadline(deadline);
            }
        }
        return new DecodedClip(path, frameIndices.clone(), plan.outputHeight(), plan.outputWidth(), outs,
                s.integrity().partial());
    }

    private static int[][] slotsOf(int[] frameIndices, int[] targets) {
        int[] counts = new int[targets.length];
        for (int k : frameIndices) {
            counts[Arrays.binarySearch(targets, k)]++;
        }
        int[][] slots = new int[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            slots[i] = new int[counts[i]];
            counts[i] = 0;
        }
        for (int t = 0; t < frameIndices.length; t++) {
            int i = Arrays.binarySearch(targets, frameIndices[t]);
            slots[i][counts[i]++] = t;
        }
        return slots;
    }

    /** Decodes targets[from..] in order; returns the number of targets done (all of them unless it throws). */
    private int decodeTargets(int[] targets, int[][] slots, int from, boolean allowSeek, FrameWriter writer,
                              List<float[]> outs, int scaledW, int scaledH)
            throws VideoDecodeException, SeekMismatch {
        FrameIndex index = scan.index();
        FFmpegFrameGrabber g = session.grabber();
        g.setImageWidth(scaledW);
        g.setImageHeight(scaledH);
        for (int i = from; i < targets.length; i++) {
            int target = targets[i];
            int key = index.keyFrameAtOrBefore(target);
            if (target <= position || (allowSeek
                    && SeekPlanner.shouldSeek(position, target, key, options.seekThreshold()))) {
                if (allowSeek && key > 0) {
                    seekTo(key, target);
                } else {
                    restartSession();
                    g = session.grabber();
                    g.setImageWidth(scaledW);
                    g.setImageHeight(scaledH);
                }
            }
            while (position < target) {
                session.checkDeadline("reading frame " + target);
                boolean wanted = position + 1 == target;
                Frame f;
                try {
                    f = g.grabFrame(false, true, wanted, false, false);
                } catch (FrameGrabber.Exception | RuntimeException e) {
                    if (seeked) {
                        throw new SeekMismatch("decoder error after a seek: " + e.getMessage());
                    }
                    throw new VideoDecodeException(path, FailureReason.DECODE_ERROR,
                            "decoder failed at frame " + (position + 1) + ": " + e.getMessage(), e);
                }
                if (f == null) {
                    session.checkDeadline("reading frame " + target);
                    if (seeked) {
                        throw new SeekMismatch("stream ended at frame " + (position + 1) + " after a seek");
                    }
                    throw new VideoDecodeException(path, FailureReason.DECODE_ERROR, "frame " + target
                            + " not delivered: the decoder stopped after " + (position + 1) + " frames, the scan found "
                            + index.count());
                }
                if (f.image == null) {
                    continue;
                }
                position++;
                if (seeked && f.timestamp != index.ptsMicros(position)) {
                    throw new SeekMismatch("after a seek frame " + position + " has timestamp " + f.timestamp
                            + " us, the scan recorded " + index.ptsMicros(position) + " us");
                }
                if (wanted) {
                    writer.write((ByteBuffer) f.image[0], f.imageWidth, f.imageHeight, f.imageStride, slots[i], outs);
                }
            }
        }
        return targets.length;
    }

    private void seekTo(int keyFrame, int target) throws VideoDecodeException, SeekMismatch {
        FrameIndex index = scan.index();
        FFmpegFrameGrabber g = session.grabber();
        long ts = Math.max(0, index.ptsMicros(keyFrame) - metadata.startTimeMicros());
        try {
            g.setVideoTimestamp(ts);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new SeekMismatch("seek to frame " + keyFrame + " failed: " + e.getMessage());
        }
        session.checkDeadline("seeking to frame " + keyFrame);
        int landed = index.positionOf(g.getTimestamp());
        if (landed < 0 || landed > target) {
            throw new SeekMismatch("seek to frame " + keyFrame + " landed at timestamp " + g.getTimestamp()
                    + " us (frame " + landed + ")");
        }
        // JavaCV keeps the landed frame pending: the next grab returns it.
        position = landed - 1;
        seeked = true;
        seeks++;
    }

    private void restartSession() throws VideoDecodeException {
        if (position == -1 && !seeked) {
            return; // fresh session, nothing decoded yet
        }
        Deadline d = session.deadline();
        session.close();
        session = null;
        session = GrabberSession.open(path, options, d);
        position = -1;
        seeked = false;
    }

    /** @return number of seeks performed by reads so far (diagnostics) */
    public int seekCount() {
        return seeks;
    }

    /** @return number of reads that abandoned seeking and decoded from the start (diagnostics) */
    public int seekFallbackCount() {
        return seekFallbacks;
    }

    private int sourceWidth() {
        return options.applyRotation() ? metadata.displayWidth() : metadata.width();
    }

    private int sourceHeight() {
        return options.applyRotation() ? metadata.displayHeight() : metadata.height();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(path + ": reader is closed");
        }
    }

    /** Releases the native decoder. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (session != null) {
                session.close();
                session = null;
            }
        }
    }

    /** A seek did not land where the scan says it should; the read restarts without seeking. */
    private static final class SeekMismatch extends Exception {
        private static final long serialVersionUID = 1L;

        SeekMismatch(String message) {
            super(message, null, false, false);
        }
    }
}
