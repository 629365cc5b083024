/**
 * Training of a Deeplearning4j {@code ComputationGraph}: optimiser and learning-rate schedule configs
 * ({@link org.t3d.core.train.OptimizerConfig}, {@link org.t3d.core.train.LrSchedule}), the epoch loop with
 * validation ({@link org.t3d.core.train.Trainer}), atomic checkpoints with exact resume
 * ({@link org.t3d.core.train.Checkpoints}), non-finite loss detection and progress listeners.
 *
 * <p>Exact resume rests on four things, all saved in a checkpoint: parameters and updater state, the
 * epoch/iteration counters (which drive the schedules), the position in the data (the order of an epoch is a
 * pure function of the seed and the epoch, see {@link org.t3d.core.train.EpochData}), and the ND4J random
 * state, which the trainer re-seeds from (seed, iteration) before every step.
 */
package org.t3d.core.train;
