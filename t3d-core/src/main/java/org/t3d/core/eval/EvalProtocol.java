package org.t3d.core.eval;

/**
 * How predictions were obtained, written at the top of every report so that numbers are never quoted without
 * their protocol.
 *
 * @param dataset      data set and split, e.g. "UCF101 split 1 (test)"
 * @param clipLength   frames per clip (the paper: 32)
 * @param frameStride  temporal stride between sampled frames
 * @param clipSampling how clips are taken from a video, e.g. "dense non-overlapping, loop-padded"
 * @param cropSize     spatial size fed to the network (H = W)
 * @param crops        spatial crops per clip, e.g. "centre" or "5-crop (4 corners + centre)"
 * @param aggregation  how clip scores become a video score
 */
public record EvalProtocol(String dataset, int clipLength, int frameStride, String clipSampling, int cropSize,
        String crops, String aggregation) {

    /** The paper's video-level aggregation. */
    public static final String MEAN_SOFTMAX = "mean of the clips' softmax probabilities";

    /** Validates. */
    public EvalProtocol {
        if (dataset == null || clipSampling == null || crops == null || aggregation == null) {
            throw new IllegalArgumentException("protocol fields must not be null");
        }
        if (clipLength <= 0 || frameStride <= 0 || cropSize <= 0) {
            throw new IllegalArgumentException("clipLength, frameStride and cropSize must be > 0");
        }
    }

    /**
     * @param dataset  data set and split
     * @param cropSize spatial size
     * @return the paper's test protocol: dense non-overlapping 32-frame clips, centre crop, mean softmax
     */
    public static EvalProtocol paper(String dataset, int cropSize) {
        return new EvalProtocol(dataset, 32, 1, "dense non-overlapping clips covering the whole video", cropSize,
                "centre", MEAN_SOFTMAX);
    }

    /** @return one sentence describing the protocol */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "%s: %d-frame clips (frame stride %d), %s, %dx%d %s crop(s); video score = %s", dataset, clipLength,
                frameStride, clipSampling, cropSize, cropSize, crops, aggregation);
    }
}
