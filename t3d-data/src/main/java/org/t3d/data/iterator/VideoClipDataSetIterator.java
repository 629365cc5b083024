package org.t3d.data.iterator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.dataset.VideoSample;
import org.t3d.data.sampling.Seeds;
import org.t3d.data.video.ScanCache;
import org.t3d.data.video.VideoDecodeException;

/**
 * A DL4J {@link DataSetIterator} over the clips of a video dataset.
 *
 * <p>Each {@link #next()} returns a {@link VideoClipDataSet}: features float32 NCDHW {@code [N, 3, T, H, W]} (RGB,
 * normalised by the transform), labels one-hot float32 {@code [N, numClasses]}, and a {@link ClipInfo} per example
 * (video id, clip and view number; also DL4J example metadata). With a multi-clip sampler or a multi-crop transform a
 * video contributes several consecutive examples, so video-level scores are the average over its {@code videoId}.
 *
 * <p>{@code workers} threads decode videos into a prefetch window of {@code prefetch} videos; results are consumed in
 * order, so for a given seed and epoch the batches are identical whatever the number of threads. {@link #reset()}
 * starts the next epoch (new shuffle and new random clips); {@link #setEpoch(int)} positions it explicitly for exact
 * resume. A video that cannot be decoded raises a {@link DataLoadingException} naming the file (or is skipped with a
 * warning under {@link FailurePolicy#SKIP}). Call {@link #close()} to stop the threads.
 */
public class VideoClipDataSetIterator implements DataSetIterator, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(VideoClipDataSetIterator.class);

    private final transient DatasetIndex index;
    private final transient ClipIteratorConfig config;
    private final transient ClipLoader loader;
    private final transient OrderedPrefetcher<List<ClipExample>> prefetcher;
    private final transient ArrayDeque<ClipExample> pending = new ArrayDeque<>();
    private transient DataSetPreProcessor preProcessor;
    private int[] order;
    private int epoch;
    /** Videos of the current epoch's order left out at its start ({@link #setEpoch(int, int)}). */
    private int skip;
    private boolean started;

    /**
     * @param index  the videos
     * @param config sampling, transform, batching and threading
     */
    public VideoClipDataSetIterator(DatasetIndex index, ClipIteratorConfig config) {
        this(index, config, new ScanCache());
    }

    /**
     * @param index  the videos
     * @param config sampling, transform, batching and threading
     * @param cache  scan cache (share one between iterators over the same files)
     */
    public VideoClipDataSetIterator(DatasetIndex index, ClipIteratorConfig config, ScanCache cache) {
        this.index = Objects.requireNonNull(index, "index");
        this.config = Objects.requireNonNull(config, "config");
        if (index.size() == 0) {
            throw new IllegalArgumentException(index.name() + ": no videos");
        }
        this.loader = new ClipLoader(config.sampler(), config.transform(), config.decodeOptions(), cache,
                config.seed(), config.onPartial());
        Duration watchdog = config.decodeOptions().timeout().multipliedBy(3).plusSeconds(10);
        this.prefetcher = new OrderedPrefetcher<>(config.workers(), config.prefetch(), watchdog, "t3d-decode");
        startEpoch();
    }

    private void startEpoch() {
        pending.clear();
        int n = index.size();
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (config.shuffle()) {
            SplittableRandom r = Seeds.random(config.seed(), epoch, 0, Seeds.SHUFFLE);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        final int ep = epoch;
        final int[] ord = order;
        final int sk = skip;
        prefetcher.start(n - sk, i -> () -> loader.load(index.samples().get(ord[i + sk]), ord[i + sk], ep));
        started = false;
    }

    /** @return the epoch of the current pass (0 for the first) */
    public int epoch() {
        return epoch;
    }

    /**
     * Restarts iteration at the beginning of the given epoch (exact resume: same order, clips and crops as before).
     *
     * @param e epoch number, at least 0
     */
    public void setEpoch(int e) {
        setEpoch(e, 0);
    }

    /**
     * Restarts iteration in the given epoch after its first {@code skipVideos} videos (in that epoch's order), without
     * decoding them: the rest of the epoch is exactly what an uninterrupted pass would deliver after those videos,
     * because every video's clips and crops depend only on (seed, epoch, video index). When each video yields exactly
     * one example (a one-clip sampler, a one-view transform, no skipped videos), skipping {@code b * batchSize} videos
     * resumes an epoch after its first {@code b} batches.
     *
     * @param e          epoch number, at least 0
     * @param skipVideos videos to leave out at the start of the epoch, in {@code [0, number of videos]}
     */
    public void setEpoch(int e, int skipVideos) {
        if (e < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + e);
        }
        if (skipVideos < 0 || skipVideos > index.size()) {
            throw new IllegalArgumentException("skipVideos must be in [0, " + index.size() + "], got " + skipVideos);
        }
        epoch = e;
        skip = skipVideos;
        startEpoch();
    }

    /** @return the dataset index */
    public DatasetIndex datasetIndex() {
        return index;
    }

    /** @return the configuration */
    public ClipIteratorConfig config() {
        return config;
    }

    private boolean fill() {
        while (pending.isEmpty() && prefetcher.hasNext()) {
            int pos = prefetcher.nextIndex() + skip;
            VideoSample sample = index.samples().get(order[pos]);
            try {
                pending.addAll(prefetcher.next());
            } catch (ExecutionException e) {
                handleFailure(sample, e.getCause());
            } catch (TimeoutException e) {
                handleFailure(sample, new VideoDecodeException(sample.path(),
                        org.t3d.data.video.FailureReason.TIMEOUT, "worker did not finish in time", e));
            }
        }
        return !pending.isEmpty();
    }

    private void handleFailure(VideoSample sample, Throwable cause) {
        String reason = cause instanceof VideoDecodeException v
                ? v.reason().description() + (v.detail().isEmpty() ? "" : " (" + v.detail() + ")")
                : String.valueOf(cause);
        if (config.onError() == FailurePolicy.SKIP) {
            LOG.warn("{}: skipped: {}", sample.path(), reason);
            return;
        }
        throw new DataLoadingException(sample.path(), "cannot load video '" + sample.id() + "': " + reason, cause);
    }

    @Override
    public boolean hasNext() {
        return fill();
    }

    @Override
    public DataSet next() {
        return next(config.batchSize());
    }

    /**
     * @param num maximum number of examples
     * @return the next batch (fewer examples at the end of an epoch)
     */
    @Override
    public VideoClipDataSet next(int num) {
        if (num <= 0) {
            throw new IllegalArgumentException("num must be positive, got " + num);
        }
        started = true;
        List<ClipExample> batch = new ArrayList<>(num);
        while (batch.size() < num && fill()) {
            batch.add(pending.poll());
        }
        if (batch.isEmpty()) {
            throw new NoSuchElementException("epoch " + epoch + " is over; call reset()");
        }
        ClipExample first = batch.get(0);
        List<float[]> data = new ArrayList<>(batch.size());
        List<ClipInfo> infos = new ArrayList<>(batch.size());
        int[] labels = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            ClipExample e = batch.get(i);
            if (e.frames() != first.frames() || e.height() != first.height() || e.width() != first.width()) {
                throw new DataLoadingException(java.nio.file.Path.of(e.info().path()), "clip of shape [3, "
                        + e.frames() + ", " + e.height() + ", " + e.width() + "] cannot be batched with [3, "
                        + first.frames() + ", " + first.height() + ", " + first.width() + "] from '"
                        + first.info().videoId() + "'; use a crop mode with a fixed size", null);
            }
            data.add(e.data());
            infos.add(e.info());
            labels[i] = e.info().label();
        }
        INDArray features = BatchAssembler.stack(data,
                new long[] {3, first.frames(), first.height(), first.width()});
        INDArray oneHot = BatchAssembler.oneHot(labels, index.numClasses());
        VideoClipDataSet ds = new VideoClipDataSet(features, oneHot, infos);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** @return -1: inputs are rank-5 clips */
    @Override
    public int inputColumns() {
        return -1;
    }

    @Override
    public int totalOutcomes() {
        return index.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** @return false: this iterator prefetches itself */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Starts the next epoch (or restarts the current one if nothing was consumed from it yet). */
    @Override
    public void reset() {
        if (started) {
            epoch++;
        }
        skip = 0;
        startEpoch();
    }

    @Override
    public int batch() {
        return config.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor p) {
        this.preProcessor = p;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return index.classes();
    }

    /** Stops the decode threads. */
    @Override
    public void close() {
        prefetcher.close();
    }
}
