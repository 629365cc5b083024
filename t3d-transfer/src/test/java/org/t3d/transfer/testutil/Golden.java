package org.t3d.transfer.testutil;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** Access to {@code ../shared/golden}; tests skip with a clear message when it is absent. */
public final class Golden {

    private Golden() {
    }

    /** @return the shared folder (system property {@code t3d.shared}, else the first {@code ../shared} upwards) */
    public static Path shared() {
        String prop = System.getProperty("t3d.shared");
        if (prop != null) {
            return Path.of(prop);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path cand = dir.resolve("shared");
            if (Files.isDirectory(cand.resolve("golden"))) {
                return cand;
            }
            dir = dir.getParent();
        }
        return null;
    }

    /** @return the golden set folder; skips the test when absent */
    public static Path set(String name) {
        Path s = shared();
        Path dir = s == null ? null : s.resolve("golden").resolve(name);
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "golden set '" + name + "' not found (expected ../shared/golden/" + name + "); skipping");
        return dir;
    }

    /** @return the parsed manifest.json */
    public static JsonNode manifest(Path set) throws IOException {
        return new ObjectMapper().readTree(set.resolve("manifest.json").toFile());
    }

    /** @return an .npy file of the set, as stored */
    public static INDArray npy(Path set, String relative) {
        File f = set.resolve(relative).toFile();
        return Nd4j.createFromNpyFile(f);
    }

    /** @return max|a − ref| / max|ref|, computed in double */
    public static double relErr(INDArray actual, INDArray ref) {
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray r = ref.castTo(DataType.DOUBLE);
        if (!Arrays.equals(a.shape(), r.shape())) {
            if (a.length() != r.length()) {
                throw new AssertionError("shape " + Arrays.toString(a.shape()) + " vs reference "
                        + Arrays.toString(r.shape()));
            }
            a = a.reshape(r.shape());
        }
        double denom = r.amaxNumber().doubleValue();
        return a.sub(r).amaxNumber().doubleValue() / (denom == 0 ? 1 : denom);
    }

    /** @return max|a − ref| */
    public static double absErr(INDArray actual, INDArray ref) {
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray r = ref.castTo(DataType.DOUBLE);
        if (a.length() != r.length()) {
            throw new AssertionError("shape " + Arrays.toString(a.shape()) + " vs reference "
                    + Arrays.toString(r.shape()));
        }
        return a.reshape(r.shape()).sub(r).amaxNumber().doubleValue();
    }
}
