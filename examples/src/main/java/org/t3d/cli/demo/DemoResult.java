package org.t3d.cli.demo;

import java.nio.file.Path;

import org.t3d.core.eval.EvaluationReport;

/**
 * What the demo measured.
 *
 * @param videoAccuracy       video-level top-1 on the held-out videos (fraction)
 * @param clipAccuracy        clip-level top-1 on the held-out clips (fraction)
 * @param singleFrameAccuracy video-level top-1 of the same model fed one repeated frame per clip (fraction)
 * @param chance              chance level (1 / classes)
 * @param seconds             wall time of the whole demo
 * @param report              the evaluation report (video level)
 * @param outputDir           where videos, model, reports and plots were written
 * @param passed              whether video accuracy reached the run's target
 */
public record DemoResult(double videoAccuracy, double clipAccuracy, double singleFrameAccuracy, double chance,
        double seconds, EvaluationReport report, Path outputDir, boolean passed) {

    /** @return the demo's last line: {@code demo: video accuracy <a> %, single-frame control <b> %, <s> s} */
    public String lastLine() {
        return String.format(java.util.Locale.ROOT, "demo: video accuracy %.1f %%, single-frame control %.1f %%, %.0f s",
                100 * videoAccuracy, 100 * singleFrameAccuracy, seconds);
    }
}
