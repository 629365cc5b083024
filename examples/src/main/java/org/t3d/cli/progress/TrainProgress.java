package org.t3d.cli.progress;

import java.io.PrintStream;
import java.util.Locale;

import org.t3d.core.train.EpochStats;
import org.t3d.core.train.IterationInfo;
import org.t3d.core.train.TrainConfig;
import org.t3d.core.train.TrainListener;

/**
 * Shows training progress: one progress bar per epoch (clips/s, smoothed loss, ETA) and one summary line per
 * epoch on {@code summary}.
 */
public final class TrainProgress implements TrainListener {

    private final ProgressBar bar;
    private final PrintStream summary;
    private int epochs;
    private int perEpoch;
    private double smoothLoss = Double.NaN;

    /**
     * @param bar     progress bar
     * @param summary stream for the per-epoch lines (may be null)
     */
    public TrainProgress(ProgressBar bar, PrintStream summary) {
        this.bar = bar;
        this.summary = summary;
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
            summary.printf(Locale.ROOT, "epoch %d/%d: train loss %.3f, val loss %.3f, val clip accuracy %.1f %%, lr %.2g, %.0f s%n",
                    s.epoch() + 1, epochs, s.trainLoss(), s.valLoss(), 100 * s.valAccuracy(), s.learningRate(),
                    s.seconds());
        }
        if (s.epoch() + 1 < epochs) {
            startBar(s.epoch() + 1);
        }
    }
}
