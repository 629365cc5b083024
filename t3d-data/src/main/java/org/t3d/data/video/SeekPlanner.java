package org.t3d.data.video;

/**
 * Decides between decoding forward and seeking. A seek lands on the key frame at or before the wanted frame and
 * decoding continues from there, so seeking pays off only when that key frame lies well ahead of the current decode
 * position: a clip covering much of a video (or a video with few key frames) is decoded sequentially.
 */
final class SeekPlanner {
    private SeekPlanner() {
    }

    /**
     * @param position  last frame delivered by the decoder (-1 before the first frame)
     * @param target    next wanted frame
     * @param keyFrame  key frame at or before {@code target}
     * @param threshold minimum number of frames a seek must skip
     * @return whether to seek to {@code keyFrame}
     */
    static boolean shouldSeek(int position, int target, int keyFrame, int threshold) {
        if (target <= position) {
            return true; // behind us: must go back
        }
        if (threshold == Integer.MAX_VALUE) {
            return false;
        }
        int skipped = keyFrame - (position + 1);
        return skipped > 0 && skipped >= Math.max(1, threshold);
    }
}
