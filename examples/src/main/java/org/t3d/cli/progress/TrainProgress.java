package org.t3d.cli.progress;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

import org.t3d.core.train.EpochStats;
import org.t3d.core.train.IterationInfo;
import org.t3d.core.train.TrainConfig;
import org.t3d.core.train.TrainListener;

/**
 * Shows training progress: one progress bar per epoch (clips/s, smoothed loss, ETA) and one summary line per
 * epoch on {@code summary} (validation figures only when there is a validation set).
 */
public final class TrainProgress implements TrainListener {

    private final ProgressBar bar;
    private final Consumer<String> summary;
    private final String accuracyName;
    private int epochs;
    private int perEpoch;
    private double smoothLoss = Double.NaN;

    /**
     * @param bar     progress bar
     * @param summary stream for the per-epoch lines (may be null)
     */
    public TrainProgress(ProgressBar bar, PrintStream summary) {
        this(bar, summary, "clip accuracy");
    }

    /**
     * @param bar          progress bar
     * @param summary      stream for the per-epoch lines (may be null)
     * @param accuracyName what the validation accuracy measures, e.g. {@code "pair accuracy"}
     */
    public TrainProgress(ProgressBar bar, PrintStream summary, String accuracyName) {
        this(bar, summary == null ? null : (Consumer<String>) summary::print, accuracyName);
    }

    /**
     * @param bar     progress bar
     * @param summary writer for the per-epoch lines (flushed after each; may be null)
     */
    public TrainProgress(ProgressBar bar, PrintWriter summary) {
        this(bar, summary == null ? null : (Consumer<String>) line -> {
            summary.print(line);
            summary.flush();
        }, "clip accuracy");
    }

    private TrainProgress(ProgressBar bar, Consumer<String> summary, String accuracyName) {
        this.bar = bar;
        this.summary = summary;
        this.accuracyName = accuracyName;
    }

    @Override
    public void onStart(TrainConfig config, int startEpoch, int startBatch, int batchesPerEpoch) {
        this.epochs = config.epochs();
        this.perEpoch = batchesPerEpoch;
        startBar(startEpoch);
        bar.step(startBatch, Double.NaN);
    }

    private void startBar(int epoch) {
        bar.start(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs), perEpoch, "batches");
        smoothLoss = Double.NaN;
    }

    @Override
    public void onIteration(IterationInfo step) {
        smoothLoss = Double.isNaN(smoothLoss) ? step.loss() : 0.8 * smoothLoss + 0.2 * step.loss();
        bar.step(1, smoothLoss);
    }

    @Override
    public void onEpochEnd(EpochStats s) {
        bar.finish();
        if (summary != null) {
            String val = Double.isNaN(s.valLoss()) && Double.isNaN(s.valAccuracy()) ? ""
                    : String.format(Locale.ROOT, ", val loss %.3f, val %s %.1f %%", s.valLoss(), accuracyName,
                            100 * s.valAccuracy());
            summary.accept(String.format(Locale.ROOT, "epoch %d/%d: train loss %.3f%s, lr %.2g, %.0f s%n",
                    s.epoch() + 1, epochs, s.trainLoss(), val, s.learningRate(), s.seconds()));
        }
        if (s.epoch() + 1 < epochs) {
            startBar(s.epoch() + 1);
        }
    }
}
