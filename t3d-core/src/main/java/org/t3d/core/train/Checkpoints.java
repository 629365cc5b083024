package org.t3d.core.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * Checkpoint files: a DL4J model zip (configuration, parameters, updater state; the configuration carries the
 * iteration and epoch counters) plus one extra entry, {@value #STATE_ENTRY}, with the {@link CheckpointState}
 * as JSON. Written atomically: to a temporary file in the same directory, then renamed over the target, so a
 * reader (or a crash) never sees half a checkpoint.
 */
public final class Checkpoints {

    /** Zip entry holding the trainer state. */
    public static final String STATE_ENTRY = "t3d-trainer-state.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Checkpoints() {
    }

    /** @return the JSON mapper used for trainer state (shaded Jackson) */
    static ObjectMapper json() {
        return JSON;
    }

    /**
     * Writes a checkpoint atomically.
     *
     * @param file  target file (replaced if present)
     * @param graph network; saved with its updater state
     * @param state trainer state
     * @throws IOException on I/O errors (the previous file at {@code file}, if any, is left intact)
     */
    public static void write(Path file, ComputationGraph graph, CheckpointState state) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            ModelSerializer.writeModel(graph, tmp.toFile(), true);
            try (FileSystem zip = FileSystems.newFileSystem(tmp)) {
                Files.write(zip.getPath(STATE_ENTRY), JSON.writeValueAsBytes(state));
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a checkpoint.
     *
     * @param file checkpoint written by {@link #write}
     * @return network (with updater) and state
     * @throws IOException if the file is missing, not a checkpoint, or unreadable
     */
    public static Checkpoint read(Path file) throws IOException {
        CheckpointState state = readState(file);
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(file.toFile(), true);
        return new Checkpoint(graph, state);
    }

    /**
     * @param file checkpoint file
     * @return its trainer state only (fast; the weights are not loaded)
     * @throws IOException if the file is missing or has no trainer state
     */
    public static CheckpointState readState(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "checkpoint not found");
        }
        try (FileSystem zip = FileSystems.newFileSystem(file)) {
            Path entry = zip.getPath(STATE_ENTRY);
            if (!Files.exists(entry)) {
                throw new IOException(file + " is a model zip without trainer state (" + STATE_ENTRY
                        + "); it cannot be resumed");
            }
            return JSON.readValue(new String(Files.readAllBytes(entry), StandardCharsets.UTF_8), CheckpointState.class);
        }
    }
}
