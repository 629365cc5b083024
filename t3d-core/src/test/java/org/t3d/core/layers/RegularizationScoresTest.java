package org.t3d.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The Java sum of squares behind the fast regularisation score, against ND4J's norm2 in double precision. */
class RegularizationScoresTest {

    @Test
    void sumOfSquaresOnOddLengthsAndOffsetViews() {
        Nd4j.getRandom().setSeed(3);
        for (int n : new int[] {1, 7, 8, 9, 4095, 4096, 4097, 10_001, 300_000}) {
            INDArray a = Nd4j.rand(DataType.FLOAT, 2, n).subi(0.5);
            INDArray row = a.getRow(1); // a view with an offset into the buffer
            double expected = row.castTo(DataType.DOUBLE).norm2Number().doubleValue();
            expected *= expected;
            assertEquals(expected, RegularizationScores.sumOfSquares(row), 1e-6 * expected, "n=" + n);
        }
    }

    @Test
    void nonContiguousAndDoubleArraysUseNd4j() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 5, 6);
        INDArray col = a.getColumn(2); // strided view
        double e = col.castTo(DataType.DOUBLE).norm2Number().doubleValue();
        assertEquals(e * e, RegularizationScores.sumOfSquares(col), 1e-5 * e * e);
        INDArray d = Nd4j.rand(DataType.DOUBLE, 3, 3);
        double ed = d.norm2Number().doubleValue();
        assertEquals(ed * ed, RegularizationScores.sumOfSquares(d), 1e-12);
    }
}
