package org.t3d.core.eval;

import java.util.List;

/**
 * Accuracy figures of a set of scored examples (clips or videos).
 *
 * @param count             number of examples
 * @param top1              top-1 accuracy in [0, 1]
 * @param top5              top-k accuracy with k = min(5, classes)
 * @param topK              the k of {@link #top5()}
 * @param meanClassAccuracy mean over classes that have examples of the per-class top-1 accuracy
 * @param perClassAccuracy  per-class top-1 accuracy (NaN for classes without examples)
 * @param perClassCount     examples per class
 * @param confusion         confusion[true][predicted] counts
 */
public record ClassificationMetrics(int count, double top1, double top5, int topK, double meanClassAccuracy,
        double[] perClassAccuracy, int[] perClassCount, long[][] confusion) {

    /**
     * @param scores     per-example class scores (probabilities), each of length {@code numClasses}
     * @param labels     per-example true class
     * @param numClasses number of classes
     * @return the metrics
     */
    public static ClassificationMetrics of(List<float[]> scores, int[] labels, int numClasses) {
        if (scores.size() != labels.length) {
            throw new IllegalArgumentException(scores.size() + " score rows but " + labels.length + " labels");
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: no examples");
        }
        int k = Math.min(5, numClasses);
        long[][] confusion = new long[numClasses][numClasses];
        int[] perClassCount = new int[numClasses];
        int correct1 = 0;
        int correctK = 0;
        for (int i = 0; i < labels.length; i++) {
            float[] s = scores.get(i);
            if (s.length != numClasses) {
                throw new IllegalArgumentException("example " + i + " has " + s.length + " scores, expected " + numClasses);
            }
            int y = labels[i];
            if (y < 0 || y >= numClasses) {
                throw new IllegalArgumentException("example " + i + " has label " + y + " outside [0, " + numClasses + ")");
            }
            int pred = argMax(s);
            confusion[y][pred]++;
            perClassCount[y]++;
            if (pred == y) {
                correct1++;
            }
            if (rank(s, y) < k) {
                correctK++;
            }
        }
        double[] perClass = new double[numClasses];
        double sum = 0;
        int present = 0;
        for (int c = 0; c < numClasses; c++) {
            perClass[c] = perClassCount[c] == 0 ? Double.NaN : (double) confusion[c][c] / perClassCount[c];
            if (perClassCount[c] > 0) {
                sum += perClass[c];
                present++;
            }
        }
        int n = labels.length;
        return new ClassificationMetrics(n, (double) correct1 / n, (double) correctK / n, k, sum / present, perClass,
                perClassCount, confusion);
    }

    /** @return index of the largest score (first on ties) */
    static int argMax(float[] s) {
        int best = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] > s[best]) {
                best = i;
            }
        }
        return best;
    }

    /** @return how many classes score strictly higher than class y (0 = top-1) */
    static int rank(float[] s, int y) {
        int r = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] > s[y] || (s[i] == s[y] && i < y)) {
                r++;
            }
        }
        return r;
    }
}
