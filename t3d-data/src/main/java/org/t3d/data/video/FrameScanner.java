package org.t3d.data.video;

import java.nio.file.Path;
import java.util.Arrays;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The scan pass: decodes every frame once without colour conversion to build the {@link FrameIndex}, counts the video
 * packets in a separate demux-only pass, and judges {@link DecodeIntegrity}. Raises the typed errors for streams that
 * decode to nothing.
 */
final class FrameScanner {
    private FrameScanner() {
    }

    /**
     * Scans a video. Consumes the session (it ends at the end of the stream).
     *
     * @param session  a freshly opened session
     * @param options  decode options (to open the packet-counting session)
     * @return the scan
     * @throws VideoDecodeException on timeout, zero frames or an unsupported codec
     */
    static VideoScan scan(GrabberSession session, DecodeOptions options) throws VideoDecodeException {
        Path path = session.path();
        VideoMetadata meta = session.metadata();
        FFmpegFrameGrabber g = session.grabber();
        long[] pts = new long[256];
        boolean[] keys = new boolean[256];
        int n = 0;
        try {
            while (true) {
                session.checkDeadline("scanning frames");
                Frame f = g.grabFrame(false, true, false, false, false);
                if (f == null) {
                    break;
                }
                if (f.image == null) {
                    continue;
                }
                if (n == pts.length) {
                    pts = Arrays.copyOf(pts, n * 2);
                    keys = Arrays.copyOf(keys, n * 2);
                }
                pts[n] = f.timestamp;
                keys[n] = f.keyFrame;
                n++;
            }
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new VideoDecodeException(path, FailureReason.DECODE_ERROR, "decoder failed after " + n + " frames: "
                    + e.getMessage(), e);
        }
        session.checkDeadline("scanning frames");
        long packets = countPackets(path, options, session.deadline(), meta.videoStreamIndex());
        if (n == 0) {
            if (packets > 0 || meta.headerFrameCount() > 0) {
                throw new VideoDecodeException(path, FailureReason.UNSUPPORTED_CODEC, "the " + meta.codec()
                        + " decoder delivered 0 frames from " + packets + " video packets"
                        + (meta.headerFrameCount() > 0 ? " (header claims " + meta.headerFrameCount() + " frames)" : "")
                        + "; this FFmpeg build cannot decode this " + meta.codec() + " stream");
            }
            throw new VideoDecodeException(path, FailureReason.ZERO_FRAMES,
                    "the " + meta.codec() + " stream holds no frames");
        }
        FrameIndex index = FrameIndex.of(Arrays.copyOf(pts, n), Arrays.copyOf(keys, n));
        return new VideoScan(index, DecodeIntegrity.assess(n, packets, meta.headerFrameCount()));
    }

    private static long countPackets(Path path, DecodeOptions options, Deadline deadline, int stream)
            throws VideoDecodeException {
        try (GrabberSession s = GrabberSession.open(path, options, deadline)) {
            FFmpegFrameGrabber g = s.grabber();
            long count = 0;
            try {
                AVPacket p;
                while ((p = g.grabPacket()) != null) {
                    if (p.stream_index() == stream && p.size() > 0) {
                        count++;
                    }
                    avcodec.av_packet_unref(p);
                    if ((count & 63) == 0) {
                        s.checkDeadline("counting packets");
                    }
                }
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new VideoDecodeException(path, FailureReason.DECODE_ERROR, "demuxing failed: " + e.getMessage(), e);
            }
            s.checkDeadline("counting packets");
            return count;
        }
    }
}
