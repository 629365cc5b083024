package org.t3d.core.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Accumulates clip predictions (softmax probabilities, true class, video id) and turns them into clip-level and
 * video-level metrics. Video scores are the mean of the video's clip probabilities; every crop of a clip counts
 * as one clip, so multi-crop testing is averaging over more rows with the same video id.
 */
public final class PredictionCollector {

    private final int numClasses;
    private final List<float[]> clipScores = new ArrayList<>();
    private final List<Integer> clipLabels = new ArrayList<>();
    private final Map<String, VideoAccumulator> videos = new LinkedHashMap<>();

    /** @param numClasses number of classes, &gt; 0 */
    public PredictionCollector(int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be > 0, got " + numClasses);
        }
        this.numClasses = numClasses;
    }

    /**
     * Adds one mini-batch.
     *
     * @param probabilities [N, classes] softmax outputs (any float dtype)
     * @param labels        [N, classes] one-hot labels
     * @param videoIds      N video ids, or null for clip-level only
     */
    public void add(INDArray probabilities, INDArray labels, List<String> videoIds) {
        if (probabilities.rank() != 2 || probabilities.size(1) != numClasses) {
            throw new IllegalArgumentException("expected probabilities [N," + numClasses + "], got "
                    + java.util.Arrays.toString(probabilities.shape()));
        }
        if (!java.util.Arrays.equals(probabilities.shape(), labels.shape())) {
            throw new IllegalArgumentException("labels " + java.util.Arrays.toString(labels.shape())
                    + " do not match probabilities " + java.util.Arrays.toString(probabilities.shape()));
        }
        long n = probabilities.size(0);
        if (videoIds != null && videoIds.size() != n) {
            throw new IllegalArgumentException(videoIds.size() + " video ids for " + n + " clips");
        }
        float[][] p = probabilities.castTo(DataType.FLOAT).toFloatMatrix();
        long[] y = labels.argMax(1).toLongVector();
        for (int i = 0; i < n; i++) {
            add(p[i], (int) y[i], videoIds == null ? null : videoIds.get(i));
        }
    }

    /**
     * Adds one clip.
     *
     * @param probabilities softmax probabilities, length = classes
     * @param label         true class
     * @param videoId       video id, or null
     */
    public void add(float[] probabilities, int label, String videoId) {
        if (probabilities.length != numClasses) {
            throw new IllegalArgumentException(probabilities.length + " probabilities, expected " + numClasses);
        }
        clipScores.add(probabilities.clone());
        clipLabels.add(label);
        if (videoId != null) {
            VideoAccumulator v = videos.computeIfAbsent(videoId, id -> new VideoAccumulator(numClasses, label));
            if (v.label != label) {
                throw new IllegalArgumentException("video '" + videoId + "' has clips labelled " + v.label + " and " + label);
            }
            v.add(probabilities);
        }
    }

    /** @return number of clips added */
    public int clips() {
        return clipScores.size();
    }

    /** @return number of distinct videos seen */
    public int videos() {
        return videos.size();
    }

    /** @return clip-level metrics */
    public ClassificationMetrics clipMetrics() {
        return ClassificationMetrics.of(clipScores, clipLabels.stream().mapToInt(Integer::intValue).toArray(),
                numClasses);
    }

    /** @return video-level metrics (mean clip softmax per video), or null when no video ids were given */
    public ClassificationMetrics videoMetrics() {
        if (videos.isEmpty()) {
            return null;
        }
        List<float[]> scores = new ArrayList<>();
        int[] labels = new int[videos.size()];
        int i = 0;
        for (VideoAccumulator v : videos.values()) {
            scores.add(v.mean());
            labels[i++] = v.label;
        }
        return ClassificationMetrics.of(scores, labels, numClasses);
    }

    /** @return per-video results in insertion order (id, true class, predicted class, clips, mean scores) */
    public List<VideoPrediction> videoPredictions() {
        List<VideoPrediction> out = new ArrayList<>();
        for (Map.Entry<String, VideoAccumulator> e : videos.entrySet()) {
            float[] m = e.getValue().mean();
            out.add(new VideoPrediction(e.getKey(), e.getValue().label, ClassificationMetrics.argMax(m),
                    e.getValue().clips, m));
        }
        return out;
    }

    /** Running sum of a video's clip probabilities. */
    private static final class VideoAccumulator {
        private final double[] sum;
        private final int label;
        private int clips;

        VideoAccumulator(int numClasses, int label) {
            this.sum = new double[numClasses];
            this.label = label;
        }

        void add(float[] p) {
            for (int c = 0; c < p.length; c++) {
                sum[c] += p[c];
            }
            clips++;
        }

        float[] mean() {
            float[] m = new float[sum.length];
            for (int c = 0; c < m.length; c++) {
                m[c] = (float) (sum[c] / clips);
            }
            return m;
        }
    }
}
