package org.t3d.data.video;

/**
 * Result of the scan pass of a video: the exact frame table and the integrity verdict. Cache it (see
 * {@link ScanCache}) to decode the video again without rescanning.
 *
 * @param index     exact frame table
 * @param integrity complete or partial
 */
public record VideoScan(FrameIndex index, DecodeIntegrity integrity) {

    /** @return the true number of decodable frames */
    public int frameCount() {
        return index.count();
    }
}
