package org.t3d.cli.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.train.LazyBatchIterator;

/**
 * Test clips, the paper's protocol: every video cut into dense non-overlapping clips
 * (the last one loop-padded), centre crop; each clip carries its video id in the example metadata. With
 * {@code singleFrame} each clip is its middle frame repeated — the control that removes all motion.
 */
public final class DenseClipData {

    private final List<LabelledVideo> videos;
    private final int classes;
    private final int batchSize;
    private final int clipLength;
    private final int crop;
    private final int shortSide;

    /**
     * @param videos     videos
     * @param classes    number of classes
     * @param batchSize  videos per batch (a batch holds all their clips)
     * @param clipLength frames per clip
     * @param crop       centre-crop size
     * @param shortSide  decode-time resize of the short side (0 = native)
     */
    public DenseClipData(List<LabelledVideo> videos, int classes, int batchSize, int clipLength, int crop,
            int shortSide) {
        this.shortSide = shortSide;
        this.videos = List.copyOf(videos);
        this.classes = classes;
        this.batchSize = batchSize;
        this.clipLength = clipLength;
        this.crop = crop;
    }

    /** @return number of batches of {@link #iterator(boolean)} */
    public int batches() {
        return (videos.size() + batchSize - 1) / batchSize;
    }

    /** @param singleFrame whether to build the single-frame control @return clips of all videos, in order */
    public MultiDataSetIterator iterator(boolean singleFrame) {
        List<int[]> batches = new ArrayList<>();
        for (int s = 0; s < videos.size(); s += batchSize) {
            int[] b = new int[Math.min(batchSize, videos.size() - s)];
            for (int i = 0; i < b.length; i++) {
                b[i] = s + i;
            }
            batches.add(b);
        }
        return new LazyBatchIterator(batches.size(), bi -> load(batches.get(bi), singleFrame));
    }

    private org.nd4j.linalg.dataset.api.MultiDataSet load(int[] rows, boolean singleFrame) {
        int per = 3 * clipLength * crop * crop;
        List<float[]> clips = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Serializable> ids = new ArrayList<>();
        for (int r : rows) {
            LabelledVideo lv = videos.get(r);
            DecodedVideo v = VideoDecoder.decode(lv.path(), shortSide);
            int y = (v.height() - crop) / 2;
            int x = (v.width() - crop) / 2;
            for (int start : ClipSampler.denseStarts(v, clipLength)) {
                float[] buf = new float[per];
                ClipSampler.write(v, start, clipLength, y, x, crop, singleFrame, buf, 0);
                clips.add(buf);
                labels.add(lv.label());
                ids.add(lv.id());
            }
        }
        float[] all = new float[clips.size() * per];
        for (int i = 0; i < clips.size(); i++) {
            System.arraycopy(clips.get(i), 0, all, i * per, per);
        }
        INDArray features = Nd4j.create(all, new long[] {clips.size(), 3, clipLength, crop, crop});
        INDArray y = Nd4j.zeros(DataType.FLOAT, clips.size(), classes);
        for (int i = 0; i < labels.size(); i++) {
            y.putScalar(i, labels.get(i), 1f);
        }
        MultiDataSet m = new MultiDataSet(features, y);
        m.setExampleMetaData(ids);
        return m;
    }
}
