package org.t3d.core.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * One evaluation: the protocol, the class names, clip-level and video-level metrics, and the per-video results.
 * Written as JSON (machine-readable, {@link #toJson()}) and Markdown (for people, {@link #toMarkdown()}); both
 * start with the protocol.
 *
 * @param model      what was evaluated (model id, checkpoint)
 * @param protocol   how clips were sampled and aggregated
 * @param classNames class names, index = class
 * @param clip       clip-level metrics
 * @param video      video-level metrics, or null when no video ids were available
 * @param videos     per-video results (may be empty)
 * @param seconds    wall time of the evaluation
 */
public record EvaluationReport(String model, EvalProtocol protocol, List<String> classNames,
        ClassificationMetrics clip, ClassificationMetrics video, List<VideoPrediction> videos, double seconds) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Copies the lists. */
    public EvaluationReport {
        classNames = List.copyOf(classNames);
        videos = List.copyOf(videos);
    }

    /** @return the report as indented JSON (NaN written as the string "NaN") */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise report: " + e.getMessage(), e);
        }
    }

    /**
     * @param json text written by {@link #toJson()}
     * @return the report
     */
    public static EvaluationReport fromJson(String json) {
        try {
            return JSON.readValue(json, EvaluationReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an evaluation report: " + e.getOriginalMessage(), e);
        }
    }

    /** @return the report in Markdown: protocol, summary, per-class table, confusion matrix (≤ 20 classes) */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Evaluation: ").append(model).append("\n\n");
        sb.append("**Protocol.** ").append(protocol.describe()).append(".\n\n");
        sb.append("| level | examples | top-1 | top-").append(clip.topK()).append(" | mean class accuracy |\n");
        sb.append("|---|---:|---:|---:|---:|\n");
        row(sb, "clip", clip);
        if (video != null) {
            row(sb, "video", video);
        }
        ClassificationMetrics main = video != null ? video : clip;
        sb.append("\n## Per-class accuracy (").append(video != null ? "video" : "clip").append(" level)\n\n");
        sb.append("| class | name | examples | top-1 |\n|---:|---|---:|---:|\n");
        for (int c = 0; c < classNames.size(); c++) {
            sb.append("| ").append(c).append(" | ").append(classNames.get(c)).append(" | ")
                    .append(main.perClassCount()[c]).append(" | ").append(pct(main.perClassAccuracy()[c])).append(" |\n");
        }
        if (classNames.size() <= 20) {
            sb.append("\n## Confusion matrix (rows: true, columns: predicted)\n\n|   |");
            for (int c = 0; c < classNames.size(); c++) {
                sb.append(' ').append(c).append(" |");
            }
            sb.append("\n|---|");
            sb.append("---:|".repeat(classNames.size()));
            sb.append('\n');
            for (int r = 0; r < classNames.size(); r++) {
                sb.append("| **").append(r).append("** |");
                for (int c = 0; c < classNames.size(); c++) {
                    sb.append(' ').append(main.confusion()[r][c]).append(" |");
                }
                sb.append('\n');
            }
        } else {
            sb.append("\nThe confusion matrix (").append(classNames.size()).append(" classes) is in the JSON report.\n");
        }
        sb.append(String.format(Locale.ROOT, "%nEvaluated in %.1f s.%n", seconds));
        return sb.toString();
    }

    /**
     * Writes {@code <base>.json} and {@code <base>.md}.
     *
     * @param dir  output directory (created)
     * @param base file name without extension
     * @return the JSON file
     */
    public Path write(Path dir, String base) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(base + ".json");
            Files.writeString(json, toJson(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(base + ".md"), toMarkdown(), StandardCharsets.UTF_8);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void row(StringBuilder sb, String level, ClassificationMetrics m) {
        sb.append("| ").append(level).append(" | ").append(m.count()).append(" | ").append(pct(m.top1())).append(" | ")
                .append(pct(m.top5())).append(" | ").append(pct(m.meanClassAccuracy())).append(" |\n");
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }
}
