/**
 * Pairs for supervision transfer from unlabelled videos: video lists ({@link org.t3d.transfer.pairs.VideoList}), the
 * pair settings ({@link org.t3d.transfer.pairs.PairConfig}), the deterministic, balanced pair sampler
 * ({@link org.t3d.transfer.pairs.PairSampler}, an {@link org.t3d.core.train.EpochData}) and held-out pair accuracy
 * ({@link org.t3d.transfer.pairs.PairValidator}).
 */
package org.t3d.transfer.pairs;
