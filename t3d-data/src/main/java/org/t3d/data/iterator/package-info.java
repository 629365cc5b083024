/**
 * Prefetching DL4J iterators over video datasets. {@link org.t3d.data.iterator.VideoClipDataSetIterator} yields
 * {@link org.t3d.data.iterator.VideoClipDataSet}s: features float32 NCDHW {@code [N, 3, T, H, W]}, one-hot labels
 * {@code [N, numClasses]}, and a {@link org.t3d.data.iterator.ClipInfo} per example (video id, clip and view number)
 * for video-level evaluation. {@link org.t3d.data.iterator.FramePairMultiDataSetIterator} yields 2D-frame / 3D-clip
 * pairs planned by a {@link org.t3d.data.iterator.PairSampler}. Both decode with N worker threads into a bounded,
 * ordered prefetch window, so output is deterministic for a given (seed, epoch) whatever the thread timing.
 */
package org.t3d.data.iterator;
