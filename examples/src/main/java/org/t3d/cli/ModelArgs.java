package org.t3d.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.t3d.models.ModelConfig;
import org.t3d.models.Profile;
import org.t3d.models.T3dModels;

import picocli.CommandLine.Option;

/** Shared {@code --model/--profile/--classes/--frames/--size} options resolving to a {@link ModelConfig}. */
final class ModelArgs {

    @Option(names = "--model", required = true,
            description = "Model id (densenet3d-121, densenet3d-169, t3d-121, t3d-169; also -201/-264) or a config "
                    + "JSON file (t3d-config.json or a golden manifest.json).")
    String model;

    @Option(names = "--profile", description = "paper (default) or official; for model ids only.")
    String profile;

    @Option(names = "--classes", description = "Number of classes (default: the model's, 400 for ids).")
    Integer classes;

    @Option(names = "--frames", description = "Clip length T (default: the model's, 32 for ids).")
    Integer frames;

    @Option(names = "--size", description = "Clip height = width (default: the model's, 224 for ids).")
    Integer size;

    ModelConfig resolve() throws IOException {
        ModelConfig c;
        Path p = Path.of(model);
        if (model.endsWith(".json") || Files.isRegularFile(p)) {
            if (!Files.isRegularFile(p)) {
                throw new IOException("config file '" + model + "' does not exist");
            }
            c = ModelConfig.fromJson(Files.readString(p));
            if (profile != null) {
                c = c.withProfile(Profile.parse(profile));
            }
        } else {
            c = T3dModels.config(model, profile == null ? Profile.PAPER : Profile.parse(profile));
        }
        if (classes != null) {
            c = c.withNumClasses(classes);
        }
        if (frames != null || size != null) {
            c = c.withInput(frames != null ? frames : c.inputFrames(), size != null ? size : c.inputSize());
        }
        return c;
    }
}
