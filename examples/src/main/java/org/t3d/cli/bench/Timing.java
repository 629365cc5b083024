package org.t3d.cli.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Median wall time of repeated runs after warm-up, with process CPU time over wall time per run. The warm-up is the
 * requested number of runs followed by as many more (at most {@link #MAX_SETTLE_RUNS}, at least one) as it takes for
 * DL4J's workspaces to stop changing ({@link WorkspaceSizes}), so the timed runs measure the steady state.
 */
public final class Timing {

    /**
     * @param medianSeconds median wall time
     * @param minSeconds    fastest run
     * @param maxSeconds    slowest run
     * @param cpuPerWall    median process CPU time / wall time (≈ busy threads)
     */
    public record Result(double medianSeconds, double minSeconds, double maxSeconds, double cpuPerWall) {
    }

    /** Most warm-up runs added after the requested ones while DL4J is still sizing its workspaces. */
    public static final int MAX_SETTLE_RUNS = 30;

    private final PrintWriter out;
    private final int warmup;
    private final int reps;

    /**
     * @param out    where each run is printed
     * @param warmup untimed runs first
     * @param reps   timed runs, at least 1
     */
    public Timing(PrintWriter out, int warmup, int reps) {
        if (reps < 1 || warmup < 0) {
            throw new IllegalArgumentException("reps >= 1 and warmup >= 0 required, got " + reps + ", " + warmup);
        }
        this.out = out;
        this.warmup = warmup;
        this.reps = reps;
    }

    /**
     * @param what label printed with each run
     * @param r    the work
     * @return the timings
     */
    public Result run(String what, Runnable r) {
        for (int i = 0; i < warmup; i++) {
            r.run();
        }
        int extra = 0;
        while (extra < MAX_SETTLE_RUNS) {
            Map<String, Long> before = WorkspaceSizes.current();
            r.run();
            extra++;
            if (WorkspaceSizes.settled(before, WorkspaceSizes.current())) {
                break;
            }
        }
        out.printf(Locale.ROOT, "  %s: %d warm-up runs (%d + %d until DL4J's workspaces stopped changing)%n", what,
                warmup + extra, warmup, extra);
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
            out.printf(Locale.ROOT, "  %s rep %d: %.4f s (cpu/wall %.2f)%n", what, i + 1, wall[i], ratio[i]);
            out.flush();
        }
        double[] w = wall.clone();
        Arrays.sort(w);
        double[] q = ratio.clone();
        Arrays.sort(q);
        return new Result(median(w), w[0], w[w.length - 1], median(q));
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
}
