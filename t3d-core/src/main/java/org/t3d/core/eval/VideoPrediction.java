package org.t3d.core.eval;

/**
 * The video-level result of one video.
 *
 * @param videoId   video id
 * @param label     true class
 * @param predicted predicted class (arg max of the mean clip probabilities)
 * @param clips     number of clips (× crops) averaged
 * @param scores    mean clip probabilities
 */
public record VideoPrediction(String videoId, int label, int predicted, int clips, float[] scores) {
}
