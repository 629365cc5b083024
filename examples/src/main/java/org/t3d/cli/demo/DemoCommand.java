package org.t3d.cli.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.t3d.cli.progress.ProgressBar;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code t3d demo}: the built-in, download-free demonstration. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic action data set whose classes differ only in motion, train a tiny T3D on it,",
                "evaluate clip- and video-level accuracy on held-out videos, compare with a single-frame control,",
                "classify one video and write plots. Needs no download.",
                "Exit code 0 when the video accuracy reaches the target (90 %%, --quick: 60 %%), 3 otherwise."})
public final class DemoCommand implements Callable<Integer> {

    /** Exit code when the demo ran but missed its accuracy target. */
    public static final int MISSED_TARGET = 3;

    @Option(names = "--quick", description = "CI-sized run (about 2 minutes; asserts accuracy >= 60 %%).")
    boolean quick;

    @Option(names = {"-o", "--output"}, description = "Output directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "t3d-demo")
    Path output;

    @Option(names = "--epochs", description = "Override the number of training epochs.")
    Integer epochs;

    @Option(names = "--seed", description = "Seed of data generation, data order and weights.")
    Long seed;

    @Override
    public Integer call() {
        DemoOptions o = quick ? DemoOptions.QUICK : DemoOptions.FULL;
        if (epochs != null) {
            o = o.withEpochs(epochs);
        }
        if (seed != null) {
            o = o.withSeed(seed);
        }
        DemoResult r = new DemoRunner(o, output, System.out, ProgressBar.stderr()).run();
        if (!r.passed()) {
            System.out.printf(java.util.Locale.ROOT, "demo: video accuracy below the %.0f %% target%n",
                    100 * o.minVideoAccuracy());
        }
        System.out.println(r.lastLine());
        return r.passed() ? 0 : MISSED_TARGET;
    }
}
