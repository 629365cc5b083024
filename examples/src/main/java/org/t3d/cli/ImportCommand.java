package org.t3d.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.t3d.models.ModelConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;
import org.t3d.models.io.LoadReport;
import org.t3d.models.io.WeightImportException;
import org.t3d.models.io.WeightImporter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code t3d import}: loads a PyTorch state dict in the interchange naming ({@code .npz} or folder of {@code .npy})
 * into a model, prints the load report and saves a model zip.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import PyTorch weights (.npz or folder of .npy, interchange naming v1) and save a model zip.")
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--weights", required = true, description = "State dict: .npz file or folder of .npy files.")
    Path weights;

    @Mixin
    ModelArgs model = new ModelArgs();

    @Option(names = "--out", required = true, description = "Model zip to write.")
    Path out;

    @Option(names = "--lenient", description = "Load what matches and save anyway (default: strict, all or nothing).")
    boolean lenient;

    @Option(names = "--reinit-classifier",
            description = "Re-initialise the classifier when the file has another number of classes.")
    boolean reinitClassifier;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelConfig c = model.resolve();
        T3dModel m = T3dModels.build(c, ModelOptions.DEFAULTS);
        WeightImporter.Builder b = WeightImporter.builder().skipClassifierOnMismatch(reinitClassifier);
        if (lenient) {
            b.lenient();
        }
        LoadReport r;
        try {
            r = b.build().load(m, weights);
        } catch (WeightImportException e) {
            spec.commandLine().getOut().println(e.report().toText());
            spec.commandLine().getOut().flush();
            throw new IllegalArgumentException("strict import failed (nothing saved); use --lenient to save anyway"
                    + (e.report().mismatched().stream().anyMatch(x -> x.name().startsWith("classifier"))
                            ? " or --reinit-classifier / --classes for another class count" : ""));
        }
        spec.commandLine().getOut().println(r.toText());
        m.save(out);
        spec.commandLine().getOut().println("saved " + out + " (" + c.family() + " " + c.trunk().blockConfig() + ", "
                + c.numClasses() + " classes, " + m.numTrainableParams() + " parameters)");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
