package org.t3d.data.iterator;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

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
}
