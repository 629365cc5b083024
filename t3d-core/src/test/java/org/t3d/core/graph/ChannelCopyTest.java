package org.t3d.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The per-example memcpy channel copies behind {@link Concat3DVertex} against ND4J's concat and slicing. */
class ChannelCopyTest {

    @Test
    void concatenationAndSplitEqualNd4j() {
        Nd4j.getRandom().setSeed(8);
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int n : new int[] {1, 3}) {
                // inputs: a plain array and a c-contiguous view at an offset into a bigger one
                INDArray a = Nd4j.rand(dt, n, 5, 2, 3, 4);
                INDArray big = Nd4j.rand(dt, n + 2, 3, 2, 3, 4);
                INDArray b = big.get(NDArrayIndex.interval(1, 1 + n), NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.all(), NDArrayIndex.all());
                assertTrue(ChannelCopy.applies(a, b), "contiguous inputs, including an offset view");
                INDArray expected = Nd4j.concat(1, a, b);
                INDArray out = Nd4j.create(dt, n, 8, 2, 3, 4);
                ChannelCopy.into(a, out, 0);
                ChannelCopy.into(b, out, 5);
                assertEquals(expected, out, dt + " n=" + n + " concat");

                INDArray part = Nd4j.create(dt, n, 3, 2, 3, 4);
                ChannelCopy.from(expected, part, 5);
                assertEquals(b, part, dt + " n=" + n + " split");
            }
        }
    }

    @Test
    void stridedMixedOrForeignArraysAreRefused() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 6, 2, 3, 4);
        INDArray channelSlice = x.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.all());
        assertFalse(ChannelCopy.applies(channelSlice), "a channel slice of a batch is strided");
        assertFalse(ChannelCopy.applies(x, x.castTo(DataType.DOUBLE)), "mixed data types");
        assertFalse(ChannelCopy.applies(Nd4j.rand(DataType.FLOAT, 'f', 2, 6, 2, 3, 4)), "f order");
        assertFalse(ChannelCopy.applies(Nd4j.rand(DataType.FLOAT, 2, 6, 12)), "rank 3");
        assertThrows(IllegalArgumentException.class, () -> ChannelCopy.into(x, Nd4j.create(DataType.FLOAT, 2, 6,
                2, 3, 4), 1), "a copy past the last channel is refused");
    }
}
