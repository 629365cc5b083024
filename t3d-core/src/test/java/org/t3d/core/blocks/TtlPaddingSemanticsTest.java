package org.t3d.core.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.testutil.GraphHarness;

/**
 * The side of the extra zero frame of an even-depth branch, checked numerically against a direct
 * convolution sum: END pads (1 before, 2 after) for depth 4, FRONT (2, 1); in double precision (libnd4j's
 * convolution) and float32 (oneDNN's, where available). END is a "same"-mode convolution without a padding layer,
 * FRONT an explicit padding layer before an unpadded convolution.
 */
class TtlPaddingSemanticsTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static double direct(INDArray a, INDArray wt, int before, int t, int y, int x) {
        // a: BN+ReLU output [1,C,T,H,W]; wt: [1,C,4,3,3]; spatial padding 1
        long cIn = a.size(1), tMax = a.size(2), h = a.size(3), w = a.size(4);
        double s = 0;
        for (int c = 0; c < cIn; c++) {
            for (int kt = 0; kt < 4; kt++) {
                int ti = t + kt - before;
                if (ti < 0 || ti >= tMax) {
                    continue;
                }
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        int yi = y + ky - 1, xi = x + kx - 1;
                        if (yi < 0 || yi >= h || xi < 0 || xi >= w) {
                            continue;
                        }
                        s += a.getDouble(0, c, ti, yi, xi) * wt.getDouble(0, c, kt, ky, kx);
                    }
                }
            }
        }
        return s;
    }

    @Test
    void evenDepthPaddingSide() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (TemporalPadding p : TemporalPadding.values()) {
                TemporalTransitionLayer ttl = TemporalTransitionLayer.builder().branch(TemporalBranch.of(4, 1))
                        .padding(p).postConv(false).build();
                ComputationGraph g = GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, 2, 5, 3, 3),
                        (gb, in) -> ttl.append(gb, "ttl1", in), 2, dt);
                boolean padLayer = g.getConfiguration().getVertices().containsKey("ttl1/branch1/pad");
                assertEquals(p == TemporalPadding.FRONT, padLayer, p + ": explicit padding layer");
                INDArray x = Nd4j.randn(dt, 1, 2, 5, 3, 3);
                var acts = g.feedForward(new INDArray[] {x}, false, false);
                INDArray a = acts.get("ttl1/branch1/norm").castTo(DataType.DOUBLE);
                INDArray out = acts.get("ttl1/branch1/conv");
                INDArray wt = g.getLayer("ttl1/branch1/conv").getParam("W").castTo(DataType.DOUBLE);
                int before = p.pad(4)[0];
                double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-4;
                for (int t = 0; t < 5; t++) {
                    assertEquals(direct(a, wt, before, t, 1, 2), out.getDouble(0, 0, t, 1, 2), tol,
                            dt + " " + p + " t=" + t);
                }
            }
        }
    }
}
