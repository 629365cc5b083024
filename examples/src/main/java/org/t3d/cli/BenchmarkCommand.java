package org.t3d.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
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
 * {@code t3d benchmark}: times inference (eval-mode forward) and a training pass (train-mode forward + backward
 * of the mean cross-entropy, no optimiser step) on random clips; median of {@code --reps} runs after
 * {@code --warmup}. GFLOP/s = 2·MACs·batch / time for the forward and 6·MACs·batch / time for forward+backward
 * (the backward pass costs about twice the forward). CPU/wall = process CPU time over wall time (≈ threads busy).
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

    @Option(names = "--mode", defaultValue = "both", description = "forward, train or both (default).")
    String mode;

    @Spec
    CommandSpec spec;

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
        T3dModel m = T3dModels.build(c, ModelOptions.builder().updater(new NoOp()).weightDecay(0).build());
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
        if (!mode.equals("train")) {
            double[] r = time(() -> g.output(false, x), out, "forward");
            report(out, name, "forward", r, 2 * gmacs * batch);
        }
        if (!mode.equals("forward")) {
            double[] r = time(() -> {
                g.setInputs(x);
                g.setLabels(y);
                g.computeGradientAndScore();
            }, out, "forward+backward");
            report(out, name, "forward+backward", r, 6 * gmacs * batch);
        }
        return 0;
    }

    /** @return {median wall s, min, max, median cpu/wall} */
    private double[] time(Runnable r, PrintWriter out, String what) {
        for (int i = 0; i < warmup; i++) {
            r.run();
        }
        double[] wall = new double[reps];
        double[] ratio = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            r.run();
            long t1 = System.nanoTime();
            long c1 = cpuNanos();
            wall[i] = (t1 - t0) / 1e9;
            ratio[i] = c0 < 0 ? Double.NaN : (c1 - c0) / (double) (t1 - t0);
            out.printf(Locale.ROOT, "  %s rep %d: %.3f s (cpu/wall %.2f)%n", what, i + 1, wall[i], ratio[i]);
            out.flush();
        }
        double[] w = wall.clone();
        Arrays.sort(w);
        double[] q = ratio.clone();
        Arrays.sort(q);
        return new double[] {median(w), w[0], w[w.length - 1], median(q)};
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    private void report(PrintWriter out, String name, String what, double[] r, double gflop) {
        out.printf(Locale.ROOT, "%-17s median %.3f s (min %.3f, max %.3f), cpu/wall %.2f, %.1f GFLOP/s%n", what + ":",
                r[0], r[1], r[2], r[3], gflop / r[0]);
        out.printf(Locale.ROOT, "RESULT impl=dl4j model=%s batch=%d mode=%s median_s=%.4f min_s=%.4f cpu_wall=%.2f%n",
                name, batch, what.equals("forward") ? "fwd" : "fwdbwd", r[0], r[1], r[3]);
        out.flush();
    }
}
