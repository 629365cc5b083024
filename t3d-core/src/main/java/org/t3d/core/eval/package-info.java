/**
 * Evaluation of video classifiers: clip-level and video-level (softmax averaged over all clips of a video —
 * the paper's dense non-overlapping 32-frame clips, optionally several crops each) top-1 / top-5 accuracy,
 * per-class accuracy and confusion matrix, and one report ({@link org.t3d.core.eval.EvaluationReport}, JSON and
 * Markdown) that states the protocol it used.
 *
 * <p>This package knows nothing about video decoding: per-example video ids come from a
 * {@link org.t3d.core.eval.VideoIdProvider} (by default the batch's example metadata).
 */
package org.t3d.core.eval;
