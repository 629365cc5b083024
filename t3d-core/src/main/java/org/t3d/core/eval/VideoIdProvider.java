package org.t3d.core.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Tells which video each example (clip) of a mini-batch comes from, so that clip predictions can be averaged
 * per video.
 */
@FunctionalInterface
public interface VideoIdProvider {

    /**
     * @param batch a mini-batch
     * @return one video id per example, in batch order
     */
    List<String> videoIds(MultiDataSet batch);

    /**
     * @return ids read from the batch's example metadata ({@code toString()} of each entry); fails with a clear
     *         message when the iterator does not attach metadata
     */
    static VideoIdProvider fromExampleMetaData() {
        return batch -> {
            List<Serializable> meta = batch.getExampleMetaData();
            long n = batch.getFeatures(0).size(0);
            if (meta == null || meta.size() != n) {
                throw new IllegalArgumentException("video-level evaluation needs one video id per clip in the batch's "
                        + "example metadata; got " + (meta == null ? "none" : meta.size()) + " for " + n + " clips");
            }
            List<String> ids = new ArrayList<>(meta.size());
            for (Serializable s : meta) {
                ids.add(String.valueOf(s));
            }
            return ids;
        };
    }
}
