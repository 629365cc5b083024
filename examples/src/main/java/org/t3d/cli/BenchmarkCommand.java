package org.t3d.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.t3d.cli.bench.PeakMemory;
import org.t3d.cli.bench.Timing;
import org.t3d.core.train.ActivationWorkspace;
import org.t3d.core.train.FusedGraphUpdater;
import org.t3d.models.ModelConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.ModelSummary;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code t3d benchmark}: times inference (eval-mode forward) and a training step (train-mode forward, backward of
 * the mean cross-entropy and a Nesterov SGD update with weight decay 1e-4, as PyTorch's {@code optimizer.step()}) on
 * random clips; median of {@code --reps} runs after {@code --warmup}. GFLOP/s = 2·MACs·batch / time for the forward
 * and 6·MACs·batch / time for a training step (the backward pass costs about twice the forward). CPU/wall = process
 * CPU time over wall time (≈ threads busy). The process's peak RSS is printed last.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Time forward and forward+backward of a model on random clips (median after warm-up).")
final class BenchmarkCommand implements Callable<Integer> {

    @Mixin
    ModelArgs model = new ModelArgs();

    @Option(names = "--batch", defaultValue = "1", description = "Clips per batch (default 1).")
    int batch;

    @Option(names = "--reps", defaultValue = "5", description = "Timed repetitions per mode (default 5, minimum 1).")
    int reps;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed warm-up runs per mode (default 1).")
    int warmup;

    @Option(names = "--mode", defaultValue = "both", description = "forward, train (forward+backward+update) or both (default).")
    String mode;

    @Option(names = "--memory-efficient", description = "Memory-efficient dense layers (BN-ReLU-Conv1x1x1 recomputed "
            + "in backward; same results).")
    boolean memoryEfficient;

    @Spec
    CommandSpec spec;

    private int frames;

    @Override
    public Integer call() throws Exception {
        if (reps < 1 || warmup < 0 || batch < 1) {
            throw new IllegalArgumentException("--reps >= 1, --warmup >= 0 and --batch >= 1 required");
        }
        if (!mode.equals("both") && !mode.equals("forward") && !mode.equals("train")) {
            throw new IllegalArgumentException("--mode must be forward, train or both, got '" + mode + "'");
        }
        ModelConfig c = model.resolve();
        if (model.frames == null && model.size == null) {
            c = c.withInput(16, 112);
        }
        PrintWriter out = spec.commandLine().getOut();
        double gmacs = ModelSummary.of(c).gmacs();
        ModelOptions options = ModelOptions.builder().updater(new Nesterovs(0.01, 0.9)).weightDecay(1e-4)
                .memoryEfficient(memoryEfficient).build();
        T3dModel m = T3dModels.build(c, options);
        frames = c.inputFrames();
        ComputationGraph g = m.graph();
        Nd4j.getRandom().setSeed(42);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, c.trunk().inChannels(), c.inputFrames(), c.inputSize(),
                c.inputSize());
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, c.numClasses());
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % c.numClasses(), 1.0);
        }
        out.printf(Locale.ROOT, "benchmark %s %s, %d classes, input %dx%dx%d, batch %d: %.2f GMACs/clip, "
                + "%d warm-up + %d timed runs per mode%n", c.family(), c.trunk().blockConfig(), c.numClasses(),
                c.inputFrames(), c.inputSize(), c.inputSize(), batch, gmacs, warmup, reps);
        out.flush();
        String name = model.model;
        Timing timing = new Timing(out, warmup, reps);
        if (!mode.equals("train")) {
            report(out, name, "forward", timing.run("forward", () -> g.output(false, x)), 2 * gmacs * batch);
        }
        if (!mode.equals("forward")) {
            // fit runs in this thread: size DL4J's activation workspace before the first step (lower peak memory)
            ActivationWorkspace.presize(ModelSummary.of(c, batch, options).activationBytes());
            FusedGraphUpdater.install(g); // as the Trainer does: DL4J's update step in one pass
            MultiDataSet mds = new MultiDataSet(x, y);
            report(out, name, "train", timing.run("train step", () -> g.fit(mds)), 6 * gmacs * batch);
        }
        out.printf(Locale.ROOT, "peak RSS of the process: %.0f MB%n", PeakMemory.peakRssBytes() / 1048576.0);
        out.flush();
        return 0;
    }

    private void report(PrintWriter out, String name, String what, Timing.Result r, double gflop) {
        out.printf(Locale.ROOT, "%-17s median %.3f s (min %.3f, max %.3f), cpu/wall %.2f, %.1f GFLOP/s%n", what + ":",
                r.medianSeconds(), r.minSeconds(), r.maxSeconds(), r.cpuPerWall(), gflop / r.medianSeconds());
        out.printf(Locale.ROOT, "RESULT impl=dl4j model=%s batch=%d frames=%d mode=%s median_s=%.4f min_s=%.4f "
                + "cpu_wall=%.2f peak_rss_mb=%.0f memory_efficient=%b%n", name, batch, frames,
                what.equals("forward") ? "fwd" : "train", r.medianSeconds(), r.minSeconds(), r.cpuPerWall(),
                PeakMemory.peakRssBytes() / 1048576.0, memoryEfficient);
        out.flush();
    }
}
