package org.t3d.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.t3d.models.io.Npy;

/** Locates {@code ../shared/golden} (relative to the project root) and compares tensors against it. */
final class Golden {

    private Golden() {
    }

    /** @return the project root (the directory holding {@code mvnw}), walking up from the working directory */
    static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        return p == null ? Path.of("").toAbsolutePath() : p;
    }

    /** @return {@code ../shared/golden/<set>}, or skips the test with a message when absent */
    static Path set(String name) {
        Path dir = projectRoot().resolve("../shared/golden").resolve(name).normalize();
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "golden set " + dir + " is absent (../shared is not mounted): skipping golden parity");
        return dir;
    }

    /** @return the .npy file as a double array */
    static INDArray read(Path file) {
        try {
            return Npy.read(file).castTo(DataType.DOUBLE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden tensor " + file, e);
        }
    }

    /** @return max|a − ref| / max|ref| (ref all zero: max|a − ref|) */
    static double relErr(INDArray actual, INDArray ref) {
        INDArray a = actual.castTo(DataType.DOUBLE).reshape(ref.shape());
        double diff = Transforms.abs(a.sub(ref)).maxNumber().doubleValue();
        double scale = Transforms.abs(ref).maxNumber().doubleValue();
        return scale == 0 ? diff : diff / scale;
    }

    /** @return max|a − ref| */
    static double absErr(INDArray actual, INDArray ref) {
        INDArray a = actual.castTo(DataType.DOUBLE).reshape(ref.shape());
        return Transforms.abs(a.sub(ref)).maxNumber().doubleValue();
    }
}
