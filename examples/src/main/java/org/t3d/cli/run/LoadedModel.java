package org.t3d.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.t3d.core.train.Checkpoint;
import org.t3d.core.train.CheckpointState;
import org.t3d.core.train.Checkpoints;
import org.t3d.models.ModelConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;

/**
 * A model and its class names, loaded from a model zip ({@code t3d train}'s {@code model.zip}, class names from
 * {@code labels.txt} next to it) or from a training checkpoint ({@code last.zip}/{@code best.zip}, which carry both).
 *
 * @param model  the model
 * @param labels class names (generic "class<i>" when none are known)
 */
public record LoadedModel(T3dModel model, List<String> labels) {

    /** Name of the class-name file written next to a trained model. */
    public static final String LABELS_FILE = "labels.txt";

    /**
     * @param file       model zip or checkpoint
     * @param labelsFile explicit class-name file (one per line) or null
     * @return the model and labels
     * @throws IOException when the file cannot be read
     */
    public static LoadedModel load(Path file, Path labelsFile) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file '" + file + "' does not exist");
        }
        T3dModel model;
        List<String> labels = null;
        if (isCheckpoint(file)) {
            Checkpoint cp = Checkpoints.read(file);
            CheckpointState s = cp.state();
            String json = s.metadata().get("model-config");
            if (json == null) {
                throw new IllegalArgumentException("checkpoint '" + file + "' has no model-config entry");
            }
            model = T3dModels.build(ModelConfig.fromJson(json), ModelOptions.DEFAULTS);
            model.graph().setParams(cp.graph().params());
            if (s.metadata().containsKey("labels")) {
                labels = Arrays.asList(s.metadata().get("labels").split(","));
            }
        } else {
            model = T3dModel.load(file);
        }
        Path sidecar = file.toAbsolutePath().getParent().resolve(LABELS_FILE);
        if (labelsFile != null) {
            labels = readLabels(labelsFile);
        } else if (labels == null && Files.isRegularFile(sidecar)) {
            labels = readLabels(sidecar);
        }
        int n = model.config().numClasses();
        if (labels == null) {
            labels = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                labels.add("class" + i);
            }
        }
        if (labels.size() != n) {
            throw new IllegalArgumentException("the model has " + n + " classes but " + labels.size()
                    + " class names were found");
        }
        return new LoadedModel(model, List.copyOf(labels));
    }

    /** @return whether the zip holds trainer state */
    private static boolean isCheckpoint(Path file) {
        try {
            Checkpoints.readState(file);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * @param file one class name per line
     * @return the names
     * @throws IOException on read errors
     */
    public static List<String> readLabels(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return out;
    }
}
