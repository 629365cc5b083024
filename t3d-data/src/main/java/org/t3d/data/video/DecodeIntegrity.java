package org.t3d.data.video;

/**
 * Whether a video decoded completely. A file is {@linkplain #partial() partial} when the decoder delivered fewer
 * frames than the stream holds packets (packets that failed to decode) or clearly fewer than the header claims
 * (more than {@code max(3, 2%)} short: truncated files). Partial videos are still readable; the caller chooses to
 * skip or keep them.
 *
 * @param expectedFrames  frames the file should hold: the larger of the video packet count and the header count
 * @param decodedFrames   frames actually delivered by the decoder (the true frame count)
 * @param videoPackets    non-empty packets of the video stream
 * @param headerFrames    frame count claimed by the header, -1 when unknown
 * @param partial         whether frames are missing
 * @param reason          why the video is partial, empty otherwise
 */
public record DecodeIntegrity(long expectedFrames, int decodedFrames, long videoPackets, long headerFrames,
                              boolean partial, String reason) {

    /**
     * Applies the rule above.
     *
     * @param decoded frames delivered
     * @param packets non-empty video packets
     * @param header  header frame count or -1
     * @return the verdict
     */
    public static DecodeIntegrity assess(int decoded, long packets, long header) {
        long expected = Math.max(packets, Math.max(header, 0));
        boolean droppedPackets = decoded < packets;
        long tolerance = header > 0 ? Math.max(3, (long) Math.ceil(0.02 * header)) : 0;
        boolean shortOfHeader = header > 0 && decoded < header - tolerance;
        String reason = "";
        if (droppedPackets || shortOfHeader) {
            reason = "decoded " + decoded + " of " + expected + " expected frames (" + packets + " video packets"
                    + (header > 0 ? ", header claims " + header : "") + ")";
        }
        return new DecodeIntegrity(expected, decoded, packets, header, droppedPackets || shortOfHeader, reason);
    }
}
