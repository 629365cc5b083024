package org.t3d.cli.data;

import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.t3d.core.train.EpochData;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.iterator.ClipIteratorConfig;
import org.t3d.data.iterator.VideoClipDataSetIterator;
import org.t3d.data.sampling.RandomClipSampler;
import org.t3d.data.transform.TransformConfig;

/**
 * The trainer's data ({@link EpochData}) on t3d-data: every epoch visits each video {@code clipsPerVideo} times in an
 * order shuffled from (seed, epoch), each visit one clip at a random start ({@link RandomClipSampler}, loop-padded
 * when the video is short) with one random crop and flip ({@code transform}), decoded by a
 * {@link VideoClipDataSetIterator} on background threads. Clips and crops depend only on (seed, epoch, position),
 * so a resumed run sees the batches an uninterrupted one would; resuming inside an epoch skips the consumed videos
 * without decoding them. Close it to stop the decode threads.
 */
public final class TrainingClips implements EpochData, AutoCloseable {

    private final VideoClipDataSetIterator iterator;
    private final int videos;
    private final int batchSize;
    private boolean fresh = true;

    /**
     * @param index         training videos
     * @param preprocessing clip length and frame stride
     * @param transform     training transform (one random crop per clip), e.g.
     *                      {@link Preprocessing#trainingTransform}
     * @param clipsPerVideo clips per video and epoch
     * @param batchSize     mini-batch size
     * @param seed          seed of order, clips and crops
     * @param workers       decode threads
     */
    public TrainingClips(DatasetIndex index, Preprocessing preprocessing, TransformConfig transform, int clipsPerVideo,
            int batchSize, long seed, int workers) {
        if (transform.cropMode().viewCount() != 1) {
            throw new IllegalArgumentException("training takes one crop per clip, got " + transform.cropMode());
        }
        DatasetIndex visits = VideoLists.repeat(index, clipsPerVideo);
        ClipIteratorConfig config = ClipIteratorConfig.builder()
                .sampler(new RandomClipSampler(preprocessing.frames(), preprocessing.frameStride()))
                .transform(transform).batchSize(batchSize).workers(workers).seed(seed).shuffle(true).build();
        this.iterator = new VideoClipDataSetIterator(visits, config);
        this.videos = visits.size();
        this.batchSize = batchSize;
    }

    @Override
    public int batchesPerEpoch() {
        return (videos + batchSize - 1) / batchSize;
    }

    /**
     * Not thread-safe, and the iterator of the previous call stops being valid: the trainer opens one epoch at a time.
     */
    @Override
    public MultiDataSetIterator open(int epoch, int skipBatches) {
        if (!(fresh && epoch == iterator.epoch() && skipBatches == 0)) {
            // one clip per visit, so the first b batches are the first b * batchSize visits
            iterator.setEpoch(epoch, (int) Math.min(videos, (long) skipBatches * batchSize));
        }
        fresh = false;
        return new MultiDataSetIteratorAdapter(iterator);
    }

    /** Stops the decode threads. */
    @Override
    public void close() {
        iterator.close();
    }
}
