package org.t3d.data.iterator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.t3d.core.eval.VideoIdProvider;

/**
 * A batch of clips: features float32 NCDHW {@code [N, 3, T, H, W]} (RGB), labels one-hot float32
 * {@code [N, numClasses]}, and one {@link ClipInfo} per example (also stored as DL4J example metadata).
 */
public class VideoClipDataSet extends DataSet {
    private static final long serialVersionUID = 1L;

    private final List<ClipInfo> clipInfos;

    /**
     * @param features  NCDHW clips
     * @param labels    one-hot labels
     * @param clipInfos provenance of each example, in batch order
     */
    public VideoClipDataSet(INDArray features, INDArray labels, List<ClipInfo> clipInfos) {
        super(features, labels);
        this.clipInfos = List.copyOf(clipInfos);
        setExampleMetaData(this.clipInfos);
    }

    /** @return provenance of each example, in batch order */
    public List<ClipInfo> clipInfos() {
        return clipInfos;
    }

    /** @return the video id of each example, in batch order (for video-level aggregation) */
    public List<String> videoIds() {
        List<String> ids = new ArrayList<>(clipInfos.size());
        for (ClipInfo c : clipInfos) {
            ids.add(c.videoId());
        }
        return ids;
    }

    /**
     * The video ids of a batch from this package's iterators for video-level evaluation
     * ({@code org.t3d.core.eval.Evaluator}): the {@link ClipInfo#videoId()} of each example's metadata, so every clip
     * and crop of a video counts towards the same video. (DL4J's adapters keep the {@link ClipInfo} metadata when they
     * turn a batch into a {@code MultiDataSet}; {@link VideoIdProvider#fromExampleMetaData()} would use
     * {@code ClipInfo.toString()}, which differs for every clip.)
     *
     * @return the provider; it fails naming the offending entry when a batch carries no {@link ClipInfo} metadata
     */
    public static VideoIdProvider videoIdProvider() {
        return batch -> {
            List<Serializable> meta = batch.getExampleMetaData();
            long n = batch.getFeatures(0).size(0);
            if (meta == null || meta.size() != n) {
                throw new IllegalArgumentException("expected one ClipInfo per example in the batch's metadata, got "
                        + (meta == null ? "none" : meta.size()) + " for " + n + " examples");
            }
            List<String> ids = new ArrayList<>(meta.size());
            for (Serializable m : meta) {
                if (!(m instanceof ClipInfo c)) {
                    throw new IllegalArgumentException("example metadata " + m + " is not a ClipInfo");
                }
                ids.add(c.videoId());
            }
            return ids;
        };
    }
}
