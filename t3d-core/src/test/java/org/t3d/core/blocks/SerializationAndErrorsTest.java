package org.t3d.core.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.testutil.GraphHarness;

class SerializationAndErrorsTest {

    @BeforeAll
    static void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** A graph with every custom piece: BN3D (plain and fused), Concat3D, asymmetric padding, pools. */
    private static ComputationGraph everything() {
        return everything(false);
    }

    /** As {@link #everything()}, with the dense block's layers memory-efficient when asked. */
    private static ComputationGraph everything(boolean memoryEfficient) {
        return GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, 3, 8, 8, 8), (gb, in) -> {
            BlockOutput b = new DenseBlock3D(2, DenseLayer3D.builder().growthRate(2).bnSize(2)
                    .memoryEfficient(memoryEfficient).build()).append(gb, "block1", in);
            BlockOutput t = TemporalTransitionLayer.paper(new int[] {1, 3, 6}, 2).append(gb, "ttl1", b);
            return Transition3D.standard().append(gb, "transition2", t);
        }, 4, DataType.FLOAT);
    }

    private static void trainOnce(ComputationGraph g) {
        g.fit(new INDArray[] {Nd4j.randn(DataType.FLOAT, 2, 3, 8, 8, 8)},
                new INDArray[] {GraphHarness.labels(2, 4).castTo(DataType.FLOAT)});
    }

    @Test
    void configurationJsonRoundTripGivesIdenticalOutputs() {
        ComputationGraph g = everything();
        trainOnce(g); // non-trivial running statistics
        String json = g.getConfiguration().toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(g.getConfiguration(), back);
        assertEquals(json, back.toJson());
        ComputationGraph g2 = new ComputationGraph(back);
        g2.init(g.params().dup(), false);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 8, 8, 8);
        assertEquals(g.outputSingle(x), g2.outputSingle(x));
    }

    @Test
    void modelSerializerRoundTripGivesIdenticalOutputsAndRunningStats(@TempDir Path dir) throws Exception {
        ComputationGraph g = everything();
        trainOnce(g);
        File f = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(g, f, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(f, true);
        assertEquals(g.params(), back.params());
        assertEquals(g.getLayer("ttl1/branch3/norm").getParam("var"), back.getLayer("ttl1/branch3/norm").getParam("var"));
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 8, 8, 8);
        assertEquals(g.outputSingle(x), back.outputSingle(x));
        // training continues identically (updater state restored)
        INDArray in = Nd4j.randn(DataType.FLOAT, 2, 3, 8, 8, 8);
        INDArray lab = GraphHarness.labels(2, 4).castTo(DataType.FLOAT);
        g.fit(new INDArray[] {in}, new INDArray[] {lab});
        back.fit(new INDArray[] {in}, new INDArray[] {lab});
        assertEquals(g.params(), back.params());
    }

    @Test
    void memoryEfficientGraphRoundTripsThroughJsonAndModelSerializer(@TempDir Path dir) throws Exception {
        ComputationGraph g = everything(true);
        trainOnce(g);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        assertEquals(g.getConfiguration(), back);
        File f = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(g, f, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(f, true);
        assertEquals(g.params(), restored.params());
        assertEquals(g.getLayer("block1/layer02/norm1conv1").getParam("var"),
                restored.getLayer("block1/layer02/norm1conv1").getParam("var"));
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 8, 8, 8);
        assertEquals(g.outputSingle(x), restored.outputSingle(x));
        INDArray in = Nd4j.randn(DataType.FLOAT, 2, 3, 8, 8, 8);
        INDArray lab = GraphHarness.labels(2, 4).castTo(DataType.FLOAT);
        g.fit(new INDArray[] {in}, new INDArray[] {lab});
        restored.fit(new INDArray[] {in}, new INDArray[] {lab});
        assertEquals(g.params(), restored.params());
    }

    @Test
    void rank4InputNamesLayerAndShapes() {
        ComputationGraph g = everything();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.outputSingle(Nd4j.randn(DataType.FLOAT, 2, 3, 8, 8)));
        assertTrue(e.getMessage().contains("block1/layer01/norm1") && e.getMessage().contains("[2, 3, 8, 8]")
                && e.getMessage().contains("[N, 3, T, H, W]"), e.getMessage());
    }

    @Test
    void channelMismatchNamesLayerAndShapes() {
        ComputationGraph g = everything();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.outputSingle(Nd4j.randn(DataType.FLOAT, 2, 4, 8, 8, 8)));
        assertTrue(e.getMessage().contains("block1/layer01/norm1") && e.getMessage().contains("[2, 4, 8, 8, 8]")
                && e.getMessage().contains("3 channels"), e.getMessage());
    }

    @Test
    void temporalKernelLongerThanInputIsRejectedAtBuildTime() {
        BnReluConv deep = new BnReluConv(4, Dims3.of(6, 3, 3), Dims3.cube(1), Dims3.of(0, 1, 1), Dims3.of(0, 1, 1),
                BatchNormSettings.DEFAULT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, 3, 4, 8, 8),
                        (gb, in) -> deep.append(gb, "x/norm", "x/pad", "x/conv", in), 2, DataType.FLOAT));
        assertTrue(e.getMessage().contains("'x/conv'") && e.getMessage().contains("(6,3,3)")
                && e.getMessage().contains("T=4"), e.getMessage());
    }

    @Test
    void temporalKernelLongerThanInputIsRejectedAtRunTime() {
        BnReluConv deep = new BnReluConv(4, Dims3.of(6, 3, 3), Dims3.cube(1), Dims3.of(0, 1, 1), Dims3.of(0, 1, 1),
                BatchNormSettings.DEFAULT);
        ComputationGraph g = GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, 3, 8, 8, 8),
                (gb, in) -> deep.append(gb, "x/norm", "x/pad", "x/conv", in), 2, DataType.FLOAT);
        Exception e = assertThrows(Exception.class, () -> g.outputSingle(Nd4j.randn(DataType.FLOAT, 2, 3, 4, 8, 8)));
        assertTrue(e.getMessage().contains("x/conv") && e.getMessage().contains("[2, 3, 4, 8, 8]"), e.getMessage());
    }
}
