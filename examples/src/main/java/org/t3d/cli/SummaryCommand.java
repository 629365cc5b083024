package org.t3d.cli;

import java.util.concurrent.Callable;

import org.t3d.models.ModelOptions;
import org.t3d.models.ModelSummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code t3d summary}: per-stage output shape, parameters and MACs of a model, a training-memory estimate, and as
 * the last line {@code params: <N>} (PyTorch-comparable trainable parameters). Nothing is allocated.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a model's per-stage shapes, parameters and MACs; last line 'params: <N>'.")
final class SummaryCommand implements Callable<Integer> {

    @Mixin
    ModelArgs model = new ModelArgs();

    @Option(names = "--batch", defaultValue = "1", description = "Batch size of the training-memory estimate (default 1).")
    int batch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelSummary s = ModelSummary.of(model.resolve(), batch, ModelOptions.DEFAULTS);
        spec.commandLine().getOut().println(s.toText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
