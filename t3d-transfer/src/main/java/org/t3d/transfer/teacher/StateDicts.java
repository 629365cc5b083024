package org.t3d.transfer.teacher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.t3d.models.io.Npz;

/**
 * Reads PyTorch state dicts saved as NumPy {@code .npz} archives ({@code numpy.savez(path, **{k: v.numpy() for k, v
 * in model.state_dict().items()})}), name → tensor, with t3d-models' pure-Java {@link Npz} reader.
 */
public final class StateDicts {

    private StateDicts() {
    }

    /**
     * Reads every array of a {@code .npz} archive (or a folder of {@code .npy} files).
     *
     * @param npz the archive
     * @return entry name (without {@code .npy}) → array, in archive order
     * @throws IOException when the file is missing or unreadable, naming it
     */
    public static Map<String, INDArray> readNpz(Path npz) throws IOException {
        try {
            return Npz.read(npz);
        } catch (IOException e) {
            throw new IOException("cannot read the state dict '" + npz + "': " + e.getMessage(), e);
        }
    }
}
