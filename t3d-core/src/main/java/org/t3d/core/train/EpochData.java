package org.t3d.core.train;

import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * A source of training mini-batches whose order is a pure function of the epoch (and of a seed fixed at
 * construction), so that a resumed run replays exactly the batches an uninterrupted run would have seen.
 */
public interface EpochData {

    /**
     * Opens one epoch.
     *
     * @param epoch       0-based epoch index
     * @param skipBatches number of leading mini-batches to skip (already consumed before a checkpoint)
     * @return an iterator over the remaining mini-batches of the epoch, in a deterministic order
     */
    MultiDataSetIterator open(int epoch, int skipBatches);

    /** @return mini-batches per epoch (used to lay out iteration-based schedules), &gt; 0 */
    int batchesPerEpoch();

    /**
     * Adapts a {@link DataSetIterator} whose order after {@code reset()} depends only on an epoch: the factory is
     * called with the epoch and the leading batches are skipped by reading them.
     *
     * @param factory         epoch → a fresh iterator for that epoch
     * @param batchesPerEpoch mini-batches per epoch
     * @return the epoch data
     */
    static EpochData ofDataSets(java.util.function.IntFunction<DataSetIterator> factory, int batchesPerEpoch) {
        return new EpochData() {
            @Override
            public MultiDataSetIterator open(int epoch, int skipBatches) {
                MultiDataSetIterator it = new MultiDataSetIteratorAdapter(factory.apply(epoch));
                for (int i = 0; i < skipBatches && it.hasNext(); i++) {
                    it.next();
                }
                return it;
            }

            @Override
            public int batchesPerEpoch() {
                return batchesPerEpoch;
            }
        };
    }
}
