package org.t3d.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.t3d.models.ModelOptions;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;
import org.t3d.transfer.inflate.Inflation;
import org.t3d.transfer.inflate.InflationReport;
import org.t3d.transfer.teacher.StateDicts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code t3d inflate}: I3D-style inflation of torchvision DenseNet weights into a DenseNet3D / T3D model zip, with a
 * report of what was inflated, copied and left random.
 */
@Command(name = "inflate", mixinStandardHelpOptions = true,
        description = "Inflate 2D DenseNet weights (torchvision .npz) into a DenseNet3D/T3D model zip: 2D kernels "
                + "repeated over time and divided by the depth, BN copied; prints what was left random.")
final class InflateCommand implements Callable<Integer> {

    @Option(names = "--teacher-weights", required = true, description = "torchvision DenseNet state dict (.npz).")
    Path teacherWeights;

    @Mixin
    ModelArgs model = new ModelArgs();

    @Option(names = "--out", required = true, description = "Output model zip.")
    Path out;

    @Option(names = "--seed", defaultValue = "12345", description = "Seed of the parameters left random.")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        T3dModel m = T3dModels.build(model.resolve(), ModelOptions.builder().seed(seed).build());
        InflationReport r = Inflation.inflate(StateDicts.readNpz(teacherWeights), m);
        if (r.inflated().isEmpty() && r.copied().isEmpty()) {
            String example = r.unused().isEmpty() ? "none" : r.unused().get(0).name();
            throw new IllegalArgumentException("no tensor of " + teacherWeights + " matches the torchvision DenseNet "
                    + "naming (e.g. features.denseblock1.denselayer1.conv1.weight); first unused name: " + example
                    + ". Export torchvision's densenet121().state_dict() as described in docs/transfer.md");
        }
        m.save(out);
        spec.commandLine().getOut().print(r.describe());
        spec.commandLine().getOut().println("wrote " + out + " (" + m + ")");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
