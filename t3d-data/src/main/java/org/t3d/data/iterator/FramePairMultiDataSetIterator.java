package org.t3d.data.iterator;

import java.nio.file.Path;
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
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.dataset.VideoSample;
import org.t3d.data.sampling.Seeds;
import org.t3d.data.transform.SpatialPlan;
import org.t3d.data.transform.TransformConfig;
import org.t3d.data.video.DecodeOptions;
import org.t3d.data.video.DecodedClip;
import org.t3d.data.video.ScanCache;
import org.t3d.data.video.VideoDecodeException;
import org.t3d.data.video.VideoReader;
import org.t3d.data.video.VideoScan;

/**
 * A DL4J {@link MultiDataSetIterator} of 2D-frame / 3D-clip pairs planned by a {@link PairSampler}.
 *
 * <p>Each batch has X + 1 feature arrays: inputs {@code 0 .. X-1} are the X frames, each float32 {@code [N, 3, H2, W2]}
 * (NCHW), and input X is the clip, float32 NCDHW {@code [N, 3, T, H, W]}; one label array {@code [N, L]} holds the
 * pairs' label vectors. Example metadata is one {@link ClipInfo} per pair (of the clip). Frames and clips get their
 * own spatial transform (one draw per frame set and per clip; single-view crop modes only). Same worker pool,
 * bounded ordered prefetch and failure reporting as {@link VideoClipDataSetIterator}.
 */
public class FramePairMultiDataSetIterator implements MultiDataSetIterator, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FramePairMultiDataSetIterator.class);

    private final transient DatasetIndex index;
    private final transient PairSampler sampler;
    private final transient TransformConfig frameTransform;
    private final transient TransformConfig clipTransform;
    private final transient ClipIteratorConfig config;
    private final transient ScanCache cache;
    private final transient OrderedPrefetcher<List<PairExample>> prefetcher;
    private final transient ArrayDeque<PairExample> pending = new ArrayDeque<>();
    private transient MultiDataSetPreProcessor preProcessor;
    private int epoch;
    private boolean started;

    /** A decoded pair. */
    private record PairExample(float[][] frames, int frameH, int frameW, float[] clip, int t, int clipH, int clipW,
                               float[] label, ClipInfo info) {
    }

    /**
     * @param index          the dataset the sampler draws from
     * @param sampler        the pairing policy
     * @param frameTransform spatial transform of the 2D frames (single view)
     * @param clipTransform  spatial transform of the 3D clip (single view)
     * @param config         batch size, workers, prefetch, seed, decode options and error policy (its sampler and
     *                       transform are not used)
     */
    public FramePairMultiDataSetIterator(DatasetIndex index, PairSampler sampler, TransformConfig frameTransform,
                                         TransformConfig clipTransform, ClipIteratorConfig config) {
        this.index = Objects.requireNonNull(index, "index");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.frameTransform = single(frameTransform, "frameTransform");
        this.clipTransform = single(clipTransform, "clipTransform");
        this.config = Objects.requireNonNull(config, "config");
        this.cache = new ScanCache();
        Duration watchdog = config.decodeOptions().timeout().multipliedBy(4).plusSeconds(10);
        this.prefetcher = new OrderedPrefetcher<>(config.workers(), config.prefetch(), watchdog, "t3d-pairs");
        startEpoch();
    }

    private static TransformConfig single(TransformConfig t, String name) {
        Objects.requireNonNull(t, name);
        if (t.cropMode().viewCount() != 1) {
            throw new IllegalArgumentException(name + " must produce one view, got " + t.cropMode());
        }
        return t;
    }

    private void startEpoch() {
        pending.clear();
        final int ep = epoch;
        prefetcher.start(sampler.numItems(), item -> () -> loadItem(item, ep));
        started = false;
    }

    private List<PairExample> loadItem(int item, int ep) throws VideoDecodeException {
        SplittableRandom rnd = Seeds.random(config.seed(), ep, item, Seeds.PAIRS);
        PairContext ctx = new PairContext() {
            @Override
            public DatasetIndex index() {
                return index;
            }

            @Override
            public int epoch() {
                return ep;
            }

            @Override
            public SplittableRandom random() {
                return rnd;
            }

            @Override
            public int frameCount(VideoSample sample) throws VideoDecodeException {
                return scanOf(sample).frameCount();
            }
        };
        List<PairSpec> specs = sampler.pairs(item, ctx);
        List<PairExample> out = new ArrayList<>(specs.size());
        SplittableRandom spatial = Seeds.random(config.seed(), ep, item, Seeds.SPATIAL);
        for (int p = 0; p < specs.size(); p++) {
            PairSpec s = specs.get(p);
            DecodedClip frames = decode(s.frameVideo(), s.frameIndices(), frameTransform, spatial);
            DecodedClip clip = decode(s.clipVideo(), s.clipIndices(), clipTransform, spatial);
            int x = s.frameIndices().length;
            int hw = frames.height() * frames.width();
            float[] all = frames.views().get(0);
            float[][] perFrame = new float[x][3 * hw];
            for (int c = 0; c < 3; c++) {
                for (int f = 0; f < x; f++) {
                    System.arraycopy(all, (c * x + f) * hw, perFrame[f], c * hw, hw);
                }
            }
            int clipVideoIndex = index.samples().indexOf(s.clipVideo());
            ClipInfo info = new ClipInfo(s.clipVideo().id(), clipVideoIndex, s.clipVideo().path().toString(),
                    s.clipVideo().label(), p, 0, s.clipIndices(), clip.partial() || frames.partial());
            out.add(new PairExample(perFrame, frames.height(), frames.width(), clip.views().get(0), clip.frames(),
                    clip.height(), clip.width(), s.label().clone(), info));
        }
        return out;
    }

    private VideoScan scanOf(VideoSample sample) throws VideoDecodeException {
        VideoScan known = cache.get(sample.path());
        if (known != null) {
            return known;
        }
        try (VideoReader r = VideoReader.open(sample.path(), config.decodeOptions())) {
            VideoScan s = r.scan();
            cache.put(sample.path(), s);
            return s;
        } catch (VideoDecodeException e) {
            cache.putFailure(sample.path(), e);
            throw e;
        }
    }

    private DecodedClip decode(VideoSample sample, int[] idx, TransformConfig t, SplittableRandom rnd)
            throws VideoDecodeException {
        DecodeOptions opts = config.decodeOptions();
        VideoScan known = scanOf(sample);
        try (VideoReader r = VideoReader.open(sample.path(), opts, known)) {
            boolean rot = opts.applyRotation();
            SpatialPlan plan = t.plan(rot ? r.metadata().displayWidth() : r.metadata().width(),
                    rot ? r.metadata().displayHeight() : r.metadata().height(), rnd);
            return r.read(idx, plan, t.normalization());
        }
    }

    /** @return the epoch of the current pass */
    public int epoch() {
        return epoch;
    }

    /** @param e the epoch to restart at (exact resume) */
    public void setEpoch(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + e);
        }
        epoch = e;
        startEpoch();
    }

    private boolean fill() {
        while (pending.isEmpty() && prefetcher.hasNext()) {
            int item = prefetcher.nextIndex();
            try {
                pending.addAll(prefetcher.next());
            } catch (ExecutionException e) {
                fail(item, e.getCause());
            } catch (TimeoutException e) {
                fail(item, e);
            }
        }
        return !pending.isEmpty();
    }

    private void fail(int item, Throwable cause) {
        Path path = cause instanceof VideoDecodeException v ? v.path() : Path.of("pair-item-" + item);
        String reason = cause instanceof VideoDecodeException v
                ? v.reason().description() + (v.detail().isEmpty() ? "" : " (" + v.detail() + ")")
                : cause instanceof TimeoutException ? "worker did not finish in time" : String.valueOf(cause);
        if (config.onError() == FailurePolicy.SKIP) {
            LOG.warn("{}: pair item {} skipped: {}", path, item, reason);
            return;
        }
        throw new DataLoadingException(path, "cannot load pair item " + item + ": " + reason, cause);
    }

    @Override
    public boolean hasNext() {
        return fill();
    }

    @Override
    public MultiDataSet next() {
        return next(config.batchSize());
    }

    @Override
    public MultiDataSet next(int num) {
        started = true;
        List<PairExample> batch = new ArrayList<>(num);
        while (batch.size() < num && fill()) {
            batch.add(pending.poll());
        }
        if (batch.isEmpty()) {
            throw new NoSuchElementException("epoch " + epoch + " is over; call reset()");
        }
        PairExample first = batch.get(0);
        int x = first.frames().length;
        for (PairExample e : batch) {
            if (e.frames().length != x || e.frameH() != first.frameH() || e.frameW() != first.frameW()
                    || e.t() != first.t() || e.clipH() != first.clipH() || e.clipW() != first.clipW()
                    || e.label().length != first.label().length) {
                throw new DataLoadingException(Path.of(e.info().path()), "pair shapes differ within a batch", null);
            }
        }
        INDArray[] features = new INDArray[x + 1];
        for (int f = 0; f < x; f++) {
            List<float[]> data = new ArrayList<>(batch.size());
            for (PairExample e : batch) {
                data.add(e.frames()[f]);
            }
            features[f] = BatchAssembler.stack(data, new long[] {3, first.frameH(), first.frameW()});
        }
        List<float[]> clips = new ArrayList<>(batch.size());
        List<float[]> labels = new ArrayList<>(batch.size());
        List<ClipInfo> infos = new ArrayList<>(batch.size());
        for (PairExample e : batch) {
            clips.add(e.clip());
            labels.add(e.label());
            infos.add(e.info());
        }
        features[x] = BatchAssembler.stack(clips, new long[] {3, first.t(), first.clipH(), first.clipW()});
        INDArray label = BatchAssembler.stack(labels, new long[] {first.label().length});
        org.nd4j.linalg.dataset.MultiDataSet mds = new org.nd4j.linalg.dataset.MultiDataSet(features,
                new INDArray[] {label});
        mds.setExampleMetaData(infos);
        if (preProcessor != null) {
            preProcessor.preProcess(mds);
        }
        return mds;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor p) {
        this.preProcessor = p;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Starts the next epoch (or restarts the current one if nothing was consumed yet). */
    @Override
    public void reset() {
        if (started) {
            epoch++;
        }
        startEpoch();
    }

    /** Stops the decode threads. */
    @Override
    public void close() {
        prefetcher.close();
    }
}
