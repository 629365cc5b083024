package org.t3d.transfer.pairs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.train.EpochData;
import org.t3d.core.train.LazyBatchIterator;
import org.t3d.data.sampling.ClipSampler;
import org.t3d.data.sampling.Seeds;
import org.t3d.data.transform.SpatialPlan;
import org.t3d.data.transform.TransformConfig;
import org.t3d.data.video.DecodeOptions;
import org.t3d.data.video.VideoReader;
import org.t3d.data.video.VideoScan;

/**
 * Training pairs for supervision transfer, cut from unlabelled videos (spec §4 reference sampler).
 *
 * <p>An epoch visits every video once in a seeded random order; each mini-batch takes N = pairsPerBatch/2 clips
 * from N different videos and makes N <em>positives</em> (a clip with teacher frames from the same video at the same
 * time stamp: the same time span, the same crop) and N <em>negatives</em> (clip i with the teacher frames of clip
 * i+1 mod N — a different video), so classes are balanced 1:1 and no label is needed. Every random choice
 * (video order, start frame, crop, flip) is a pure function of (seed, epoch, batch, position), so a resumed run
 * replays the same batches and two samplers with the same seed agree.
 *
 * <p>A mini-batch is a {@link MultiDataSet} with features {@code [frames [2N,3,X,S,S], clip [2N,3,T,S,S]]} (NCDHW,
 * float32, normalised) and labels {@code [2N, 2]} one-hot, column 1 = "correspond". Positives come first. The next
 * batch is decoded on a background thread while the current one trains. Everything per video is t3d-data's: the
 * clip's frames come from {@link PairConfig#clipSampler()} (a random start, loop padding for short videos), crop and
 * flip from {@link PairConfig#transform()} (one spatial plan shared by clip and teacher frames: the same crop), and
 * decoding from {@link VideoReader} (FFmpeg scaling, crop/flip/normalisation in one pass).
 */
public final class PairSampler implements EpochData {

    private final List<Path> videos;
    private final PairConfig config;
    private final DecodeOptions decode;
    private final Map<Path, VideoScan> scans = new ConcurrentHashMap<>();
    private final ClipSampler clipSampler;
    private final TransformConfig transform;

    /**
     * @param videos unlabelled videos, at least 2 and at least {@code pairsPerBatch/2}
     * @param config pair settings
     * @param decode decoder options (the output size is set per read)
     */
    public PairSampler(List<Path> videos, PairConfig config, DecodeOptions decode) {
        this.videos = List.copyOf(videos);
        this.config = Objects.requireNonNull(config, "config");
        this.decode = Objects.requireNonNull(decode, "decode");
        this.clipSampler = config.clipSampler();
        this.transform = config.transform();
        if (this.videos.size() < Math.max(2, config.clipsPerBatch())) {
            throw new IllegalArgumentException("pair sampling needs at least max(2, pairsPerBatch/2) = "
                    + Math.max(2, config.clipsPerBatch()) + " videos, got " + this.videos.size());
        }
    }

    /** @return the configuration */
    public PairConfig config() {
        return config;
    }

    /** @return the videos */
    public List<Path> videos() {
        return videos;
    }

    @Override
    public int batchesPerEpoch() {
        return videos.size() / config.clipsPerBatch();
    }

    @Override
    public MultiDataSetIterator open(int epoch, int skipBatches) {
        return LazyBatchIterator.prefetching(skipBatches, batchesPerEpoch(), b -> batch(epoch, b),
                "t3d-pairs-" + epoch);
    }

    /**
     * Builds one mini-batch (a pure function of seed, epoch and batch).
     *
     * @param epoch 0-based epoch
     * @param batch 0-based batch within the epoch
     * @return the pairs
     * @throws UncheckedIOException when a video cannot be decoded (the message names it)
     */
    public MultiDataSet batch(int epoch, int batch) {
        int n = config.clipsPerBatch();
        int[] order = order(epoch);
        List<INDArray> clips = new ArrayList<>(n);
        List<INDArray> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int v = order[batch * n + i];
            SplittableRandom rng = Seeds.random(config.seed(), epoch, (long) batch * n + i, Seeds.PAIRS);
            INDArray[] cf = readPair(videos.get(v), rng);
            clips.add(cf[0]);
            frames.add(cf[1]);
        }
        int pairs = 2 * n;
        INDArray f = Nd4j.create(DataType.FLOAT, pairs, 3, config.frames(), config.size(), config.size());
        INDArray c = Nd4j.create(DataType.FLOAT, pairs, 3, config.clipFrames(), config.size(), config.size());
        INDArray labels = Nd4j.zeros(DataType.FLOAT, pairs, 2);
        for (int i = 0; i < n; i++) {
            c.putSlice(i, clips.get(i));
            f.putSlice(i, frames.get(i));
            labels.putScalar(i, 1, 1.0);
            c.putSlice(n + i, clips.get(i));
            f.putSlice(n + i, frames.get((i + 1) % n));
            labels.putScalar(n + i, 0, 1.0);
        }
        return new MultiDataSet(new INDArray[] {f, c}, new INDArray[] {labels});
    }

    /** @return the epoch's video order: a seeded permutation */
    int[] order(int epoch) {
        int[] p = new int[videos.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        SplittableRandom r = Seeds.random(config.seed(), epoch, -1, Seeds.SHUFFLE);
        for (int i = p.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Teacher frame indices: {@code x} positions spread uniformly over the clip's positions. */
    static int[] teacherIndices(int[] clip, int x) {
        int[] idx = new int[x];
        for (int j = 0; j < x; j++) {
            int pos = x == 1 ? clip.length / 2 : (int) Math.round(j * (clip.length - 1) / (double) (x - 1));
            idx[j] = clip[pos];
        }
        return idx;
    }

    private INDArray[] readPair(Path video, SplittableRandom rng) {
        try {
            VideoScan known = scans.get(video);
            try (VideoReader r = VideoReader.open(video, decode, known)) {
                if (known == null) {
                    scans.put(video, r.scan());
                }
                int[] clipIdx = clipSampler.sample(r.frameCount(), rng).get(0);
                SpatialPlan plan = transform.plan(r.metadata().width(), r.metadata().height(), rng);
                INDArray clip = r.read(clipIdx, plan, config.normalization()).toINDArray();
                INDArray frames = config.frames() == config.clipFrames() ? clip
                        : r.read(teacherIndices(clipIdx, config.frames()), plan, config.normalization()).toINDArray();
                return new INDArray[] {clip, frames};
            }
        } catch (IOException e) {
            throw new UncheckedIOException("pair sampling: cannot read '" + video + "': " + e.getMessage(), e);
        }
    }
}
