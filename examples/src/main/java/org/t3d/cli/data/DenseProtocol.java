package org.t3d.cli.data;

import java.util.IntSummaryStatistics;
import java.util.Locale;

import org.t3d.core.eval.EvalProtocol;
import org.t3d.core.eval.EvaluationReport;
import org.t3d.core.eval.VideoPrediction;

/**
 * The {@link EvalProtocol} of {@link TestClips}' dense clips, stated in every report: clip length, stride, dense
 * non-overlapping clips, crop size and crops, video score = mean softmax over all clips × crops. After an evaluation
 * {@link #withClipCounts} adds how many clips per video were averaged.
 */
public final class DenseProtocol {

    /** Aggregation of {@link TestClips}: every clip and crop of a video weighs the same. */
    public static final String AGGREGATION = "mean of the softmax probabilities over all clips x crops of the video";

    private DenseProtocol() {
    }

    /**
     * @param dataset       data set and split named in the report
     * @param preprocessing clip length, stride and crop size
     * @param crops         the crops per clip
     * @return the protocol
     */
    public static EvalProtocol of(String dataset, Preprocessing preprocessing, TestCrops crops) {
        return of(dataset, preprocessing, crops, "dense non-overlapping clips covering each video, the last one "
                + "loop-padded");
    }

    /**
     * @param dataset       data set and split named in the report
     * @param preprocessing clip length, stride and crop size
     * @param crops         the crops per clip
     * @param clipSampling  how clips are taken, in words
     * @return the protocol
     */
    public static EvalProtocol of(String dataset, Preprocessing preprocessing, TestCrops crops, String clipSampling) {
        return new EvalProtocol(dataset, preprocessing.frames(), preprocessing.frameStride(), clipSampling,
                preprocessing.cropSize(), crops.description(), AGGREGATION);
    }

    /**
     * @param report an evaluation of {@link TestClips} with these crops
     * @param crops  crops per clip
     * @return the report with "N clips per video (min a, max b) x k crops" appended to its clip sampling
     */
    public static EvaluationReport withClipCounts(EvaluationReport report, TestCrops crops) {
        IntSummaryStatistics s = report.videos().stream().mapToInt(VideoPrediction::clips)
                .map(n -> n / crops.count()).summaryStatistics();
        if (s.getCount() == 0) {
            return report;
        }
        String counts = String.format(Locale.ROOT, "; %.1f clips per video on average (min %d, max %d) x %d crop%s",
                s.getAverage(), s.getMin(), s.getMax(), crops.count(), crops.count() == 1 ? "" : "s");
        EvalProtocol p = report.protocol();
        EvalProtocol q = new EvalProtocol(p.dataset(), p.clipLength(), p.frameStride(), p.clipSampling() + counts,
                p.cropSize(), p.crops(), p.aggregation());
        return new EvaluationReport(report.model(), q, report.classNames(), report.clip(), report.video(),
                report.videos(), report.seconds());
    }
}
