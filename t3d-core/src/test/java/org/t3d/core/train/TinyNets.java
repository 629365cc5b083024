package org.t3d.core.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.blocks.DenseLayer3D;
import org.t3d.core.testutil.GraphHarness;

/** Tiny 3D nets and data for trainer tests. */
final class TinyNets {

    private TinyNets() {
    }

    /** @return a dense layer with dropout (so the RNG matters) and BN (running stats) on [N,3,4,8,8], 3 classes */
    static ComputationGraph denseLayerNet() {
        DenseLayer3D layer = DenseLayer3D.builder().growthRate(4).bnSize(2).dropRate(0.2).build();
        return GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, 3, 4, 8, 8),
                (g, in) -> layer.append(g, "layer", in), 3, DataType.FLOAT);
    }

    /** @return n random examples [n,3,4,8,8] whose class shifts the mean, one-hot labels for 3 classes */
    static DataSet data(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 3, 4, 8, 8);
        INDArray y = GraphHarness.labels(n, 3).castTo(DataType.FLOAT);
        for (int i = 0; i < n; i++) {
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).addi(0.5 * (i % 3));
        }
        return new DataSet(x, y);
    }
}
