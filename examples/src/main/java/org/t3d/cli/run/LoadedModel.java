package org.t3d.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.t3d.cli.data.Preprocessing;
import org.t3d.core.train.Checkpoint;
import org.t3d.core.train.CheckpointState;
import org.t3d.core.train.Checkpoints;
import org.t3d.models.ModelConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;

/**
 * A model with its class names and its {@link Preprocessing}, as {@code t3d train} and the demo save it
 * ({@code model.zip} with the preprocessing entry {@value Preprocessing#ZIP_ENTRY}, class names in {@code labels.txt}
 * next to it) and as training checkpoints ({@code last.zip}/{@code best.zip}) carry it in their metadata. Models
 * without preprocessing (older zips, imported or inflated weights) get {@link Preprocessing#defaults}.
 *
 * @param model         the model
 * @param labels        class names (generic "class<i>" when none are known)
 * @param preprocessing how its clips are made
 */
public record LoadedModel(T3dModel model, List<String> labels, Preprocessing preprocessing) {

    /** Name of the class-name file written next to a trained model. */
    public static final String LABELS_FILE = "labels.txt";
    /** Name of the model file {@link #save} writes. */
    public static final String MODEL_FILE = "model.zip";

    /** Copies the labels. */
    public LoadedModel {
        labels = List.copyOf(labels);
    }

    /**
     * @param file       model zip or checkpoint
     * @param labelsFile explicit class-name file (one per line) or null
     * @return the model, labels and preprocessing
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the file does not exist or is not a T3D-J model or checkpoint
     */
    public static LoadedModel load(Path file, Path labelsFile) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file '" + file + "' does not exist");
        }
        T3dModel model;
        List<String> labels = null;
        String preprocessing;
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
            preprocessing = s.metadata().get(Preprocessing.METADATA_KEY);
        } else {
            model = T3dModel.load(file);
            preprocessing = zipEntry(file, Preprocessing.ZIP_ENTRY);
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
                    + " class names were found" + (labelsFile != null ? " in " + labelsFile : ""));
        }
        Preprocessing p = preprocessing != null ? Preprocessing.fromJson(preprocessing, file.toString())
                : Preprocessing.defaults(model.config().inputFrames(), model.config().inputSize());
        return new LoadedModel(model, labels, p);
    }

    /**
     * Writes {@code dir/model.zip} (the model plus the entry {@value Preprocessing#ZIP_ENTRY}) and
     * {@code dir/labels.txt}.
     *
     * @param dir output directory (created)
     * @return the model zip
     * @throws IOException when writing fails
     */
    public Path save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path zip = dir.resolve(MODEL_FILE);
        model.save(zip);
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.<String, Object>of())) {
            Files.writeString(fs.getPath(Preprocessing.ZIP_ENTRY), preprocessing.toJson(), StandardCharsets.UTF_8);
        }
        Files.write(dir.resolve(LABELS_FILE), labels, StandardCharsets.UTF_8);
        return zip;
    }

    private static String zipEntry(Path zip, String name) throws IOException {
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            ZipEntry e = zf.getEntry(name);
            if (e == null) {
                return null;
            }
            try (InputStream in = zf.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("'" + zip + "' is not a readable zip file: " + e.getMessage(), e);
        }
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
