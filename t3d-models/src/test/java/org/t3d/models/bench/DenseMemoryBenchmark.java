package org.t3d.models.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.models.ModelOptions;
import org.t3d.models.ModelSummary;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;

/**
 * Training-step memory and time of a model with standard or memory-efficient dense layers
 * ({@link ModelOptions#memoryEfficient()}). Run each variant in its own JVM (peak RSS is per process):
 *
 * <pre>
 *   DenseMemoryBenchmark &lt;standard|memory-efficient&gt; [steps=5] [batch=4] [frames=16] [size=112] [model=densenet3d-121]
 * </pre>
 *
 * <p>Per training step ({@code fit}: forward, backward, Nesterov update; float32, random input, 400 classes) it
 * prints the wall time, process CPU time / wall time (≈ 2 when the process had both cores), the size of every ND4J
 * workspace of the thread ({@code WS_ALL_LAYERS_ACT} holds every activation kept for the backward pass), the
 * process's resident set (VmRSS) and its peak (VmHWM), and the load average.
 */
public final class DenseMemoryBenchmark {

    private static final double MIB = 1024.0 * 1024.0;

    private DenseMemoryBenchmark() {
    }

    /**
     * @param args variant, steps, batch, frames, size, model id
     * @throws IOException when /proc cannot be read
     */
    public static void main(String[] args) throws IOException {
        String variant = args.length > 0 ? args[0] : "standard";
        boolean memoryEfficient = switch (variant) {
            case "standard" -> false;
            case "memory-efficient" -> true;
            default -> throw new IllegalArgumentException("variant must be standard or memory-efficient, got "
                    + variant);
        };
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int frames = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 112;
        String id = args.length > 5 ? args[5] : "densenet3d-121";

        ModelOptions options = ModelOptions.builder().input(frames, size).memoryEfficient(memoryEfficient).build();
        T3dModel model = T3dModels.create(id, options);
        ComputationGraph g = model.graph();
        ModelSummary summary = ModelSummary.of(model.config(), batch, options);
        System.out.printf(Locale.ROOT, "model %s, variant %s, batch %d, %dx%dx%d, %d trainable parameters, "
                + "%d graph vertices%n", id, variant, batch, frames, size, size, model.numTrainableParams(),
                g.getConfiguration().getVertices().size());
        System.out.printf(Locale.ROOT, "ModelSummary activation estimate: %.1f MiB; before the first step: %s, %s%n",
                summary.activationBytes() / MIB, proc("VmRSS"), proc("VmHWM"));

        org.t3d.core.train.ActivationWorkspace.presize(summary.activationBytes());
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, frames, size, size);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, model.config().numClasses());
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % model.config().numClasses(), 1.0);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Double> times = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            g.fit(new INDArray[] {x}, new INDArray[] {y});
            long t1 = System.nanoTime();
            long cpu1 = os.getProcessCpuTime();
            double wall = (t1 - t0) / 1e9;
            if (s > 1) {
                times.add(wall);
            }
            StringBuilder ws = new StringBuilder();
            for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
                ws.append(String.format(Locale.ROOT, " %s=%.1f", w.getId(), w.getCurrentSize() / MIB));
            }
            System.out.printf(Locale.ROOT, "step %d: %.3f s, cpu/wall %.2f, loss %.4f, %s, %s, JavaCPP %.1f MiB, "
                    + "load %s%n  workspaces (MiB):%s%n", s, wall, (cpu1 - cpu0) / 1e9 / wall, g.score(),
                    proc("VmRSS"), proc("VmHWM"), org.bytedeco.javacpp.Pointer.totalBytes() / MIB, loadAverage(), ws);
        }
        Collections.sort(times);
        if (!times.isEmpty()) {
            System.out.printf(Locale.ROOT, "median step (steps 2..%d): %.3f s, min %.3f s%n", steps,
                    times.get(times.size() / 2), times.get(0));
        }
    }

    /** @return e.g. "VmHWM 5123.4 MiB" from /proc/self/status */
    private static String proc(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format(Locale.ROOT, "%s %.1f MiB", key, kb / 1024.0);
            }
        }
        return key + " n/a";
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
