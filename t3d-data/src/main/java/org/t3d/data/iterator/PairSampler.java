package org.t3d.data.iterator;

import java.util.List;

import org.t3d.data.video.VideoDecodeException;

/**
 * Pairing policy for {@link FramePairMultiDataSetIterator}: plans the frame/clip pairs of each work item (for example
 * one positive pair from the same video and one negative pair from another). The transfer module supplies the policy;
 * this package only decodes and batches. Implementations must be thread-safe and use only
 * {@link PairContext#random()} for randomness, so output is deterministic.
 */
public interface PairSampler {

    /** @return the number of work items per epoch (e.g. the number of videos) */
    int numItems();

    /**
     * @param item    work item number in {@code [0, numItems())}
     * @param context dataset, epoch, random stream and frame counts
     * @return the pairs of this item (may be empty)
     * @throws VideoDecodeException if a needed video cannot be decoded
     */
    List<PairSpec> pairs(int item, PairContext context) throws VideoDecodeException;
}
