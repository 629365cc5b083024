package org.t3d.cli.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.train.EpochData;
import org.t3d.core.train.LazyBatchIterator;

/**
 * Training batches: each epoch visits every video {@code clipsPerVideo} times in an order drawn from
 * (seed, epoch) and takes one clip at a random start (loop-padded) with a random crop and, if enabled, a random
 * horizontal flip — all drawn from (seed, epoch, position), so the data order is a pure function of the seed and
 * the epoch (exact resume). Videos are decoded from their files every time; skipping batches costs nothing.
 */
public final class ClipTrainData implements EpochData {

    private final List<LabelledVideo> videos;
    private final int classes;
    private final int batchSize;
    private final int clipLength;
    private final int crop;
    private final int clipsPerVideo;
    private final long seed;
    private final int shortSide;
    private final boolean flip;

    /**
     * @param videos        training videos
     * @param classes       number of classes
     * @param batchSize     mini-batch size
     * @param clipLength    frames per clip
     * @param crop          crop size
     * @param clipsPerVideo clips per video per epoch
     * @param seed          data-order seed
     * @param shortSide     decode-time resize of the short side (0 = native)
     * @param flip          random horizontal flips (never for direction-sensitive classes)
     */
    public ClipTrainData(List<LabelledVideo> videos, int classes, int batchSize, int clipLength, int crop,
            int clipsPerVideo, long seed, int shortSide, boolean flip) {
        if (videos.isEmpty()) {
            throw new IllegalArgumentException("no training videos");
        }
        this.clipsPerVideo = clipsPerVideo;
        this.shortSide = shortSide;
        this.flip = flip;
        this.videos = List.copyOf(videos);
        this.classes = classes;
        this.batchSize = batchSize;
        this.clipLength = clipLength;
        this.crop = crop;
        this.seed = seed;
    }

    @Override
    public int batchesPerEpoch() {
        return (videos.size() * clipsPerVideo + batchSize - 1) / batchSize;
    }

    @Override
    public MultiDataSetIterator open(int epoch, int skipBatches) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < videos.size() * clipsPerVideo; i++) {
            order.add(i % videos.size());
        }
        Collections.shuffle(order, new Random(seed * 7919 + epoch));
        List<int[]> batches = new ArrayList<>();
        for (int s = skipBatches * batchSize; s < order.size(); s += batchSize) {
            int[] b = new int[Math.min(batchSize, order.size() - s)];
            for (int i = 0; i < b.length; i++) {
                b[i] = order.get(s + i);
            }
            batches.add(b);
        }
        int firstPosition = skipBatches * batchSize;
        return new LazyBatchIterator(batches.size(),
                batchIndex -> load(epoch, firstPosition + batchIndex * batchSize, batches.get(batchIndex)));
    }

    private org.nd4j.linalg.dataset.api.MultiDataSet load(int epoch, int position, int[] rows) {
        int per = 3 * clipLength * crop * crop;
        float[] buf = new float[rows.length * per];
        INDArray labels = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows.length, classes);
        for (int i = 0; i < rows.length; i++) {
            LabelledVideo lv = videos.get(rows[i]);
            DecodedVideo v = VideoDecoder.decode(lv.path(), shortSide);
            Random rng = new Random((seed * 31 + epoch) * 1_000_003L + position + i);
            int start = ClipSampler.randomStart(v, rng);
            int y = rng.nextInt(v.height() - crop + 1);
            int x = rng.nextInt(v.width() - crop + 1);
            ClipSampler.write(v, start, clipLength, y, x, crop, false, flip && rng.nextBoolean(), buf, i * per);
            labels.putScalar(i, lv.label(), 1f);
        }
        INDArray features = Nd4j.create(buf, new long[] {rows.length, 3, clipLength, crop, crop});
        return new MultiDataSet(features, labels);
    }
}
