/**
 * Temporal clip sampling. A {@link org.t3d.data.sampling.ClipSampler} turns the true frame count of a video into the
 * frame indices of one or more clips of {@code T} frames with a temporal stride: random (training), centre, uniform-K
 * and dense non-overlapping clips (the T3D test protocol). Videos shorter than a clip are loop-padded
 * ({@link org.t3d.data.sampling.LoopPadding}). Randomness comes from {@link org.t3d.data.sampling.Seeds}, a pure
 * function of (seed, epoch, video index), so results do not depend on thread scheduling.
 */
package org.t3d.data.sampling;
