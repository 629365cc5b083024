package org.t3d.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The element-wise batch-norm passes of {@link BatchNormKernels} on oneDNN ({@link OneDnnAffine3d}) against a naive
 * double-precision computation: normalise with and without ReLU, with and without γ/β, in place, and the ReLU mask
 * (also in place on either operand); non-contiguous operands fall back to ND4J with the same results; the oneDNN path
 * is really taken.
 */
@ExtendWith(RequiresOneDnn.class)
class OneDnnAffine3dTest {

    private static final double EPS = 1e-3;

    /** y = [ReLU](γ·(x − μ)/√(σ² + ε) + β), element by element in double. */
    private static INDArray naive(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta,
            boolean relu) {
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray y = Nd4j.create(DataType.DOUBLE, x.shape());
        long[] s = x.shape();
        for (int n = 0; n < s[0]; n++) {
            for (int c = 0; c < s[1]; c++) {
                double inv = 1 / Math.sqrt(var.getDouble(c) + EPS);
                double g = gamma == null ? 1 : gamma.getDouble(c);
                double b = beta == null ? 0 : beta.getDouble(c);
                INDArray in = xd.get(NDArrayIndex.point(n), NDArrayIndex.point(c));
                INDArray out = y.get(NDArrayIndex.point(n), NDArrayIndex.point(c));
                out.assign(in.sub(mean.getDouble(c)).muli(g * inv).addi(b));
                if (relu) {
                    out.assign(org.nd4j.linalg.ops.transforms.Transforms.relu(out, true));
                }
            }
        }
        return y;
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        double scale = expected.amaxNumber().doubleValue();
        assertTrue(scale > 0, what + " is all zero");
        double err = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertEquals(0, err, tol * scale, what + ": max error " + err + " of max " + scale);
    }

    @ParameterizedTest(name = "{0} channels, relu {1}, affine {2}, in place {3}")
    @CsvSource({"32,true,true,false", "32,false,true,false", "7,true,false,false", "20,true,true,true",
        "5,false,false,true"})
    void normaliseMatchesNaive(int c, boolean relu, boolean affine, boolean inPlace) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, c, 3, 5, 6).muli(2).addi(0.7f);
        INDArray mean = Nd4j.randn(DataType.FLOAT, c);
        INDArray var = Nd4j.rand(DataType.FLOAT, 1, c).addi(0.5f); // a [1, C] view, as DL4J's parameters are
        INDArray gamma = affine ? Nd4j.randn(DataType.FLOAT, 1, c).addi(1f) : null;
        INDArray beta = affine ? Nd4j.randn(DataType.FLOAT, c) : null;
        INDArray expected = naive(x, mean, var, gamma, beta, relu);

        INDArray out = inPlace ? x : Nd4j.create(DataType.FLOAT, x.shape());
        long before = OneDnnRuntime.executions();
        if (relu) {
            BatchNormKernels.normaliseRelu(x, mean, var, gamma, beta, out, EPS);
        } else {
            BatchNormKernels.normalise(x, mean, var, gamma, beta, out, EPS);
        }
        assertEquals(before + 1, OneDnnRuntime.executions(), "one oneDNN pass expected");
        assertClose(expected, out, 1e-6, "normalised output");
    }

    @Test
    void nonContiguousInputFallsBackWithTheSameResult() {
        Nd4j.getRandom().setSeed(12);
        INDArray buffer = Nd4j.randn(DataType.FLOAT, 2, 12, 3, 4, 5);
        INDArray x = buffer.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 8)); // a channel-prefix view
        assertTrue(!Shapes.denseC(x));
        INDArray mean = Nd4j.randn(DataType.FLOAT, 8);
        INDArray var = Nd4j.rand(DataType.FLOAT, 8).addi(0.5f);
        INDArray gamma = Nd4j.randn(DataType.FLOAT, 8);
        INDArray beta = Nd4j.randn(DataType.FLOAT, 8);
        INDArray out = Nd4j.create(DataType.FLOAT, x.shape());
        long before = OneDnnRuntime.executions();
        BatchNormKernels.normaliseRelu(x, mean, var, gamma, beta, out, EPS);
        assertEquals(before, OneDnnRuntime.executions(), "a strided view must not be bound to a dense oneDNN memory");
        assertClose(naive(x, mean, var, gamma, beta, true), out, 1e-6, "fallback output");
    }

    @ParameterizedTest(name = "output aliases {0}")
    @CsvSource({"none", "y", "dy"})
    void reluBackwardMasksTheGradient(String alias) {
        Nd4j.getRandom().setSeed(13);
        INDArray y = Nd4j.randn(DataType.FLOAT, 2, 9, 3, 4, 5);
        y.putScalar(0, 0f); // exactly zero: no gradient, as PyTorch
        INDArray dy = Nd4j.randn(DataType.FLOAT, y.shape());
        INDArray expected = dy.mul(y.gt(0).castTo(DataType.FLOAT));
        assertTrue(expected.getDouble(0) == 0 && dy.getDouble(0) != 0);
        INDArray out = switch (alias) {
            case "y" -> y;
            case "dy" -> dy;
            default -> Nd4j.create(DataType.FLOAT, y.shape());
        };
        long before = OneDnnRuntime.executions();
        BatchNormKernels.reluBackward(y, dy, out);
        assertEquals(before + 1, OneDnnRuntime.executions(), "one oneDNN pass expected");
        assertEquals(0, expected.sub(out).amaxNumber().doubleValue(), 0, "masked gradient");
    }

    /**
     * Shape sweep against the ND4J path (oneDNN switched off): batch 1–4, channel counts around the 16-lane blocks,
     * volumes down to 1×1×1 (where the oneDNN path must not be taken, see {@link BatchNormKernels}).
     */
    @Test
    void shapeSweepMatchesTheNd4jPath() {
        Nd4j.getRandom().setSeed(14);
        int checked = 0;
        for (int n : new int[] {1, 2, 4}) {
            for (int c : new int[] {1, 3, 16, 17, 64}) {
                for (int[] v : new int[][] {{1, 1, 1}, {1, 1, 2}, {2, 1, 1}, {1, 5, 7}, {3, 7, 7}}) {
                    long[] shape = {n, c, v[0], v[1], v[2]};
                    INDArray x = Nd4j.randn(DataType.FLOAT, shape);
                    INDArray mean = Nd4j.randn(DataType.FLOAT, c);
                    INDArray var = Nd4j.rand(DataType.FLOAT, c).addi(0.5f);
                    INDArray gamma = Nd4j.randn(DataType.FLOAT, c);
                    INDArray beta = Nd4j.randn(DataType.FLOAT, c);
                    INDArray dy = Nd4j.randn(DataType.FLOAT, shape);
                    INDArray y = Nd4j.create(DataType.FLOAT, shape);
                    INDArray dx = Nd4j.create(DataType.FLOAT, shape);
                    long before = OneDnnRuntime.executions();
                    BatchNormKernels.normaliseRelu(x, mean, var, gamma, beta, y, EPS);
                    BatchNormKernels.reluBackward(x, dy, dx);
                    boolean volumeOne = v[0] * v[1] * v[2] == 1;
                    assertEquals(before + (volumeOne ? 0 : 2), OneDnnRuntime.executions(),
                            "oneDNN passes for " + java.util.Arrays.toString(shape));
                    OneDnn.setEnabled(false);
                    INDArray yRef = Nd4j.create(DataType.FLOAT, shape);
                    INDArray dxRef = Nd4j.create(DataType.FLOAT, shape);
                    BatchNormKernels.normaliseRelu(x, mean, var, gamma, beta, yRef, EPS);
                    BatchNormKernels.reluBackward(x, dy, dxRef);
                    OneDnn.setEnabled(true);
                    String at = " of " + java.util.Arrays.toString(shape);
                    assertEquals(0, yRef.sub(y).amaxNumber().doubleValue(), 1e-5 * (1 + yRef.amaxNumber().doubleValue()),
                            "output" + at);
                    assertEquals(0, dxRef.sub(dx).amaxNumber().doubleValue(), 0, "ReLU gradient" + at);
                    checked++;
                }
            }
        }
        assertEquals(75, checked);
    }

    @Test
    void doublePrecisionKeepsTheNd4jPath() {
        INDArray x = Nd4j.randn(DataType.DOUBLE, 1, 4, 2, 3, 3);
        INDArray out = Nd4j.create(DataType.DOUBLE, x.shape());
        INDArray mean = Nd4j.zeros(DataType.DOUBLE, 4);
        INDArray var = Nd4j.ones(DataType.DOUBLE, 4);
        long before = OneDnnRuntime.executions();
        BatchNormKernels.normaliseRelu(x, mean, var, null, null, out, EPS);
        assertEquals(before, OneDnnRuntime.executions());
        assertClose(naive(x, mean, var, null, null, true), out, 1e-12, "double output");
    }
}
