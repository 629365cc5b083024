package org.t3d.core.blocks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.graph.Concat3D;
import org.t3d.core.testutil.GraphHarness;

/**
 * Double-precision gradient checks of every block with hand-written parts. Each block is preceded by a
 * parameterised 1×1×1 conv so that the block's input gradient (its backward pass to the previous layer) is
 * checked too, not only its own parameters.
 */
class BlockGradientCheckTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(7);
    }

    private static BlockOutput stemConv(org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder gb,
            BlockOutput in, int out) {
        gb.addLayer("pre", new Convolution3D.Builder().convolutionMode(ConvolutionMode.Truncate).kernelSize(1, 1, 1)
                .dataFormat(Convolution3D.DataFormat.NCDHW).nIn(in.channels()).nOut(out).hasBias(true)
                .activation(Activation.TANH).build(), in.vertex());
        return BlockOutput.of("pre", out, in.depth(), in.height(), in.width());
    }

    private static void check(int inC, int t, int h, int w, java.util.function.BiFunction<
            org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder, BlockOutput, BlockOutput> block) {
        check(inC, t, h, w, java.util.Set.of(), block);
    }

    /** @param exclude graph parameter names not checked (their layers' input gradients still are, through the rest) */
    private static void check(int inC, int t, int h, int w, java.util.Set<String> exclude, java.util.function.BiFunction<
            org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder, BlockOutput, BlockOutput> block) {
        ComputationGraph g = GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, 2, t, h, w),
                (gb, in) -> block.apply(gb, stemConv(gb, in, inC)), 3, DataType.DOUBLE);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, t, h, w);
        INDArray labels = GraphHarness.labels(2, 3);
        assertTrue(g.paramTable().keySet().containsAll(exclude), "excluded parameters exist");
        assertTrue(exclude.isEmpty() ? GraphHarness.gradientCheck(g, x, labels)
                : GraphHarness.gradientCheck(g, x, labels, exclude), "gradient check failed");
    }

    @Test
    void concatVertex() {
        check(3, 2, 3, 3, (gb, in) -> {
            gb.addLayer("b", new Convolution3D.Builder().convolutionMode(ConvolutionMode.Truncate)
                    .kernelSize(1, 1, 1).dataFormat(Convolution3D.DataFormat.NCDHW).nIn(3).nOut(2)
                    .activation(Activation.SIGMOID).build(), in.vertex());
            gb.addVertex("cat", new Concat3D("cat"), in.vertex(), "b", in.vertex());
            return BlockOutput.of("cat", 8, in.depth(), in.height(), in.width());
        });
    }

    @Test
    void denseLayer() {
        DenseLayer3D layer = DenseLayer3D.builder().growthRate(2).bnSize(2).build();
        check(3, 3, 3, 3, (gb, in) -> layer.append(gb, "block1/layer01", in));
    }

    @Test
    void denseBlock() {
        DenseBlock3D block = new DenseBlock3D(2, DenseLayer3D.builder().growthRate(2).bnSize(2).build());
        check(2, 2, 3, 3, (gb, in) -> block.append(gb, "block1", in));
    }

    @Test
    void memoryEfficientDenseLayer() {
        DenseLayer3D layer = DenseLayer3D.builder().growthRate(2).bnSize(2).memoryEfficient(true).build();
        check(3, 3, 3, 3, (gb, in) -> layer.append(gb, "block1/layer01", in));
    }

    /**
     * Three fused dense layers (k = 4): the fused layers' input gradients flow through the concats into the
     * parameterised 'pre' layer, so they are checked too. Every parameter of the fused layers, the norm2s, 'pre' and
     * the head is checked; the three plain 3×3×3 conv2 weights (2,592 of ~3,000 parameters; DL4J's Convolution3D,
     * checked elsewhere; a full check took 9 minutes on the shared machine) are skipped, their input gradients not.
     */
    @Test
    void memoryEfficientDenseBlock() {
        DenseBlock3D block = new DenseBlock3D(3, DenseLayer3D.builder().growthRate(4).bnSize(2).memoryEfficient(true)
                .build());
        java.util.Set<String> conv2 = java.util.Set.of("block1/layer01/conv2_W", "block1/layer02/conv2_W",
                "block1/layer03/conv2_W");
        check(3, 2, 3, 3, conv2, (gb, in) -> {
            BlockOutput out = block.append(gb, "block1", in);
            assertTrue(gb.getVertices().containsKey("block1/layer03/norm1conv1"));
            assertTrue(!gb.getVertices().containsKey("block1/layer01/norm1")
                    && !gb.getVertices().containsKey("block1/layer01/conv1"));
            return out;
        });
    }

    @Test
    void transition() {
        check(4, 4, 4, 4, (gb, in) -> Transition3D.standard().append(gb, "transition1", in));
    }

    @Test
    void ttlWithDepths136IncludingAnEvenDepth() {
        TemporalTransitionLayer ttl = TemporalTransitionLayer.paper(new int[] {1, 3, 6}, 2);
        check(3, 6, 4, 4, (gb, in) -> ttl.append(gb, "ttl1", in));
    }

    @Test
    void ttlFrontPaddingFactorisedBranchAndCompression() {
        TemporalTransitionLayer ttl = TemporalTransitionLayer.builder()
                .branch(TemporalBranch.of(2, 2))
                .branch(TemporalBranch.of(4, 2).withKind(TemporalBranch.Kind.FACTORISED))
                .padding(TemporalPadding.FRONT).compression(0.5).build();
        check(2, 4, 4, 4, (gb, in) -> ttl.append(gb, "ttl1", in));
    }
}
