package org.t3d.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code t3d summary}: per-stage table of a model (placeholder until the models module lands). */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Print a model's per-stage shapes, parameters and MACs.")
final class SummaryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("summary: not implemented yet");
    }
}
