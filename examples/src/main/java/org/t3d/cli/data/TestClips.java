package org.t3d.cli.data;

import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.t3d.core.eval.VideoIdProvider;
import org.t3d.core.train.EpochData;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.iterator.ClipIteratorConfig;
import org.t3d.data.iterator.VideoClipDataSet;
import org.t3d.data.iterator.VideoClipDataSetIterator;
import org.t3d.data.sampling.ClipSampler;
import org.t3d.data.sampling.DenseClipSampler;
import org.t3d.data.transform.TransformConfig;

/**
 * Test clips on t3d-data, in a fixed order: by default the paper's protocol — every video cut into dense
 * non-overlapping clips ({@link DenseClipSampler}, the last one loop-padded), each clip resized and cropped
 * ({@link TestCrops}) — decoded by a {@link VideoClipDataSetIterator}. Every clip × crop is one example carrying its
 * video id ({@link #videoIds()}), so a video's score is the mean over all of them. Close it to stop the decode
 * threads.
 */
public final class TestClips implements AutoCloseable {

    private final VideoClipDataSetIterator iterator;
    private boolean fresh = true;

    /**
     * Dense clips × crops.
     *
     * @param index         the videos
     * @param preprocessing clip length, stride, resize, crop size, normalisation
     * @param crops         the crops per clip
     * @param batchSize     examples (clips × crops) per batch
     * @param workers       decode threads
     */
    public TestClips(DatasetIndex index, Preprocessing preprocessing, TestCrops crops, int batchSize, int workers) {
        this(index, new DenseClipSampler(preprocessing.frames(), preprocessing.frameStride()),
                preprocessing.testTransform(crops.cropMode()), batchSize, workers);
    }

    /**
     * Any deterministic sampler and transform (e.g. the demo's single-frame control).
     *
     * @param index     the videos
     * @param sampler   temporal sampler (must not depend on the random stream for a fixed order of clips)
     * @param transform spatial transform (no random crops)
     * @param batchSize examples per batch
     * @param workers   decode threads
     */
    public TestClips(DatasetIndex index, ClipSampler sampler, TransformConfig transform, int batchSize, int workers) {
        if (transform.cropMode().isRandom()) {
            throw new IllegalArgumentException("test clips need deterministic crops, got " + transform.cropMode());
        }
        this.iterator = new VideoClipDataSetIterator(index, ClipIteratorConfig.builder().sampler(sampler)
                .transform(transform).batchSize(batchSize).workers(workers).shuffle(false).build());
    }

    /**
     * @return all clips of all videos, in index order, from the start (the previous iterator stops being valid);
     *         features NCDHW float32 {@code [N, 3, T, H, W]}, one-hot labels, {@code ClipInfo} example metadata
     */
    public MultiDataSetIterator iterator() {
        if (!fresh) {
            iterator.setEpoch(0);
        }
        fresh = false;
        return new MultiDataSetIteratorAdapter(iterator);
    }

    /** @return the video id of each example of a batch of {@link #iterator()} */
    public VideoIdProvider videoIds() {
        return VideoClipDataSet.videoIdProvider();
    }

    /** @return the clips as validation data for the trainer: every epoch is the same pass */
    public EpochData asEpochData() {
        return new EpochData() {
            @Override
            public MultiDataSetIterator open(int epoch, int skipBatches) {
                MultiDataSetIterator it = iterator();
                for (int i = 0; i < skipBatches && it.hasNext(); i++) {
                    it.next();
                }
                return it;
            }

            @Override
            public int batchesPerEpoch() {
                return 1; // unknown before decoding (videos differ in length); validation does not use it
            }
        };
    }

    /** Stops the decode threads. */
    @Override
    public void close() {
        iterator.close();
    }
}
