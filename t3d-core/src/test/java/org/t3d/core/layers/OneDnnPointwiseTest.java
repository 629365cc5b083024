package org.t3d.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link PointwiseConv}'s float32 path (batched oneDNN matmuls, {@link OneDnnPointwise}) against its double-precision
 * per-sample gemm path: output, input gradient and weight gradient (written into a view at a nonzero offset, as DL4J's
 * gradient views are), for batch sizes 1 to 3; the oneDNN path is really taken.
 */
class OneDnnPointwiseTest {

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = expected.amaxNumber().doubleValue();
        assertTrue(scale > 0, what + " is all zero");
        double err = expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertEquals(0, err, 2e-5 * scale, what + ": max error " + err + " of max " + scale);
    }

    @ParameterizedTest(name = "batch {0}, {1} -> {2} channels, {3}x{4}x{5}")
    @CsvSource({"1,8,16,2,3,4", "3,24,8,1,5,5", "2,16,16,3,1,1"})
    void floatPathEqualsTheDoublePath(int n, int cin, int cout, int t, int h, int w) {
        assumeTrue(OneDnn.isAvailable(), "oneDNN natives not loadable on this platform: oneDNN path not tested");
        Nd4j.getRandom().setSeed(17);
        INDArray weights = Nd4j.randn(DataType.DOUBLE, cout, cin);
        INDArray x = Nd4j.randn(DataType.DOUBLE, n, cin, t, h, w);
        INDArray dy = Nd4j.randn(DataType.DOUBLE, n, cout, t, h, w);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();

        INDArray y = Nd4j.create(DataType.DOUBLE, n, cout, t, h, w);
        INDArray dx = Nd4j.create(DataType.DOUBLE, n, cin, t, h, w);
        INDArray dw = Nd4j.create(DataType.DOUBLE, cout, cin);
        long before = OneDnnRuntime.executions();
        PointwiseConv.forward(weights, x, y);
        PointwiseConv.backward(weights, x, dy, dx, dw, mgr);
        assertEquals(before, OneDnnRuntime.executions(), "double precision must not take the oneDNN path");

        INDArray wf = weights.castTo(DataType.FLOAT);
        INDArray yf = Nd4j.create(DataType.FLOAT, n, cout, t, h, w);
        INDArray dxf = Nd4j.create(DataType.FLOAT, n, cin, t, h, w);
        // the weight gradient as a view behind other values, like a layer's slice of DL4J's flattened gradients
        INDArray buffer = Nd4j.valueArrayOf(new long[] {1, 7 + cout * cin}, 42f, DataType.FLOAT);
        INDArray dwf = buffer.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(7, 7 + cout * cin)).reshape('c', cout, cin);
        PointwiseConv.forward(wf, x.castTo(DataType.FLOAT), yf);
        PointwiseConv.backward(wf, x.castTo(DataType.FLOAT), dy.castTo(DataType.FLOAT), dxf, dwf, mgr);
        // forward, backward data, the per-example weight products and their sum over the batch (batch 1: the one
        // product written straight into the gradient view)
        assertEquals(before + (n == 1 ? 3 : 4), OneDnnRuntime.executions(), "float32 did not take the oneDNN path");

        assertClose(y, yf, "output");
        assertClose(dx, dxf, "input gradient");
        assertClose(dw, dwf, "weight gradient");
        assertEquals(42.0, buffer.getDouble(0, 6), 0.0, "wrote before the gradient view");
        assertClose(dw, buffer.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(7, 7 + cout * cin)).reshape(cout, cin),
                "weight gradient in the buffer");
    }
}
