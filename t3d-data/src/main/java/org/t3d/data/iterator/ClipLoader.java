package org.t3d.data.iterator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.data.dataset.VideoSample;
import org.t3d.data.sampling.ClipSampler;
import org.t3d.data.sampling.Seeds;
import org.t3d.data.transform.Normalization;
import org.t3d.data.transform.SpatialPlan;
import org.t3d.data.transform.TransformConfig;
import org.t3d.data.video.DecodeOptions;
import org.t3d.data.video.DecodedClip;
import org.t3d.data.video.FrameIndex;
import org.t3d.data.video.ScanCache;
import org.t3d.data.video.VideoDecodeException;
import org.t3d.data.video.VideoReader;
import org.t3d.data.video.VideoScan;

/**
 * Turns one {@link VideoSample} into its examples for one epoch: scans the video (once, via the {@link ScanCache}),
 * samples clips with the {@link ClipSampler}, draws one {@link SpatialPlan} per clip and decodes. Thread-safe; all
 * randomness is derived from (seed, epoch, video index).
 */
public final class ClipLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ClipLoader.class);

    private final ClipSampler sampler;
    private final TransformConfig transform;
    private final DecodeOptions decodeOptions;
    private final ScanCache cache;
    private final long seed;
    private final FailurePolicy onPartial;

    /**
     * @param sampler       temporal sampler
     * @param transform     spatial transform
     * @param decodeOptions decoder options
     * @param cache         scan cache shared across epochs
     * @param seed          seed
     * @param onPartial     KEEP, SKIP or FAIL for videos with missing frames
     */
    public ClipLoader(ClipSampler sampler, TransformConfig transform, DecodeOptions decodeOptions, ScanCache cache,
                      long seed, FailurePolicy onPartial) {
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.transform = Objects.requireNonNull(transform, "transform");
        this.decodeOptions = Objects.requireNonNull(decodeOptions, "decodeOptions");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.seed = seed;
        this.onPartial = Objects.requireNonNull(onPartial, "onPartial");
    }

    /**
     * @param sample     the video
     * @param videoIndex its position in the dataset index
     * @param epoch      the epoch
     * @return the examples (clips × views), empty when a partial video is skipped
     * @throws VideoDecodeException when the video cannot be decoded, or is partial and the policy is FAIL
     */
    public List<ClipExample> load(VideoSample sample, int videoIndex, int epoch) throws VideoDecodeException {
        VideoScan known = cache.get(sample.path());
        try (VideoReader reader = VideoReader.open(sample.path(), decodeOptions, known)) {
            VideoScan scan = reader.scan();
            if (known == null) {
                cache.put(sample.path(), scan);
            }
            boolean partial = scan.integrity().partial();
            if (partial && onPartial != FailurePolicy.KEEP) {
                if (onPartial == FailurePolicy.FAIL) {
                    throw new VideoDecodeException(sample.path(), org.t3d.data.video.FailureReason.DECODE_ERROR,
                            "partial video: " + scan.integrity().reason());
                }
                LOG.warn("{}: skipped, partial video: {}", sample.path(), scan.integrity().reason());
                return List.of();
            }
            int[] range = frameRange(sample, scan.index());
            SplittableRandom temporal = Seeds.random(seed, epoch, videoIndex, Seeds.TEMPORAL);
            SplittableRandom spatial = Seeds.random(seed, epoch, videoIndex, Seeds.SPATIAL);
            List<int[]> clips = sampler.sample(range[1] - range[0], temporal);
            boolean rotate = decodeOptions.applyRotation();
            int srcW = rotate ? reader.metadata().displayWidth() : reader.metadata().width();
            int srcH = rotate ? reader.metadata().displayHeight() : reader.metadata().height();
            Normalization norm = transform.normalization();
            List<ClipExample> out = new ArrayList<>();
            for (int c = 0; c < clips.size(); c++) {
                int[] idx = clips.get(c);
                if (range[0] > 0) {
                    idx = idx.clone();
                    for (int i = 0; i < idx.length; i++) {
                        idx[i] += range[0];
                    }
                }
                SpatialPlan plan = transform.plan(srcW, srcH, spatial);
                DecodedClip clip = reader.read(idx, plan, norm);
                for (int v = 0; v < clip.viewCount(); v++) {
                    ClipInfo info = new ClipInfo(sample.id(), videoIndex, sample.path().toString(), sample.label(), c,
                            v, idx, partial);
                    out.add(new ClipExample(clip.views().get(v), idx.length, clip.height(), clip.width(), info));
                }
            }
            return out;
        } catch (VideoDecodeException e) {
            cache.putFailure(sample.path(), e);
            throw e;
        }
    }

    /** Frames whose timestamps fall in the sample's segment, {@code {from, to}} (to exclusive, never empty). */
    static int[] frameRange(VideoSample sample, FrameIndex index) {
        int n = index.count();
        if (!sample.hasSegment()) {
            return new int[] {0, n};
        }
        long first = index.ptsMicros(0);
        double start = Double.isNaN(sample.startSeconds()) ? Double.NEGATIVE_INFINITY : sample.startSeconds() * 1e6;
        double end = Double.isNaN(sample.endSeconds()) ? Double.POSITIVE_INFINITY : sample.endSeconds() * 1e6;
        int from = -1;
        int to = -1;
        for (int k = 0; k < n; k++) {
            double t = index.ptsMicros(k) - first;
            if (t >= start && t < end) {
                if (from < 0) {
                    from = k;
                }
                to = k + 1;
            }
        }
        if (from < 0) {
            // segment outside the decoded frames: use the nearest frame so the clip is loop-padded, not empty
            int k = start >= index.ptsMicros(n - 1) - first ? n - 1 : 0;
            LOG.warn("{}: segment [{}, {}] s holds no frame; using frame {}", sample.path(), sample.startSeconds(),
                    sample.endSeconds(), k);
            return new int[] {k, k + 1};
        }
        return new int[] {from, to};
    }
}
