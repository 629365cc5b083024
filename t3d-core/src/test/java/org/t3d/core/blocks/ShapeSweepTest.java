package org.t3d.core.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.testutil.GraphHarness;

/**
 * Output-shape sweeps: the shape each block predicts at build time equals the shape DL4J computes, over temporal
 * depths 1–7 (odd and even) and several T/H/W.
 */
class ShapeSweepTest {

    @BeforeAll
    static void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    static Stream<Arguments> depthsAndSizes() {
        List<Arguments> out = new ArrayList<>();
        int[][] sizes = {{7, 4, 4}, {8, 5, 6}, {9, 7, 3}};
        for (int d = 1; d <= 7; d++) {
            for (int[] s : sizes) {
                out.add(Arguments.of(d, s[0], s[1], s[2]));
            }
        }
        return out.stream();
    }

    private static Map<String, INDArray> run(BlockOutput[] holder, int c, int t, int h, int w,
            java.util.function.BiFunction<org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder,
                    BlockOutput, BlockOutput> block) {
        ComputationGraph g = GraphHarness.build(BlockOutput.of(GraphHarness.INPUT, c, t, h, w), (gb, in) -> {
            holder[0] = block.apply(gb, in);
            return holder[0];
        }, 2, DataType.FLOAT);
        return g.feedForward(new INDArray[] {Nd4j.randn(DataType.FLOAT, 2, c, t, h, w)}, false, false);
    }

    private static void assertShape(BlockOutput predicted, Map<String, INDArray> acts, long n) {
        INDArray a = acts.get(predicted.vertex());
        assertArrayEquals(new long[] {n, predicted.channels(), predicted.depth(), predicted.height(),
                predicted.width()}, a.shape(), "shape of " + predicted.vertex());
    }

    @ParameterizedTest(name = "depth {0}, T×H×W {1}×{2}×{3}")
    @MethodSource("depthsAndSizes")
    void singleBranchTtlKeepsTHWThenPools(int depth, int t, int h, int w) {
        for (TemporalPadding p : TemporalPadding.values()) {
            TemporalTransitionLayer ttl = TemporalTransitionLayer.builder()
                    .branch(TemporalBranch.of(depth, 3).withPadding(p)).build();
            BlockOutput[] out = new BlockOutput[1];
            Map<String, INDArray> acts = run(out, 2, t, h, w, (gb, in) -> ttl.append(gb, "ttl1", in));
            INDArray branch = acts.get("ttl1/branch1/conv");
            assertArrayEquals(new long[] {2, 3, t, h, w}, branch.shape(), "branch keeps T, H, W (" + p + ")");
            assertShape(out[0], acts, 2);
            assertArrayEquals(new long[] {2, 3, t / 2, h / 2, w / 2}, acts.get("ttl1/pool").shape());
        }
    }

    static Stream<Arguments> sizes() {
        return Stream.of(Arguments.of(7, 4, 4), Arguments.of(8, 5, 6), Arguments.of(9, 7, 3), Arguments.of(6, 6, 6));
    }

    @ParameterizedTest(name = "T×H×W {0}×{1}×{2}")
    @MethodSource("sizes")
    void paperTtlAndBlocks(int t, int h, int w) {
        BlockOutput[] out = new BlockOutput[1];
        DenseBlock3D block = new DenseBlock3D(2, DenseLayer3D.builder().growthRate(3).bnSize(2).build());
        TemporalTransitionLayer ttl = TemporalTransitionLayer.paper(new int[] {1, 3, 6}, 2);
        Map<String, INDArray> acts = run(out, 4, t, h, w, (gb, in) -> {
            BlockOutput b = block.append(gb, "block1", in);
            assertEquals(10, b.channels());
            BlockOutput tr = Transition3D.standard().append(gb, "transition1", b);
            assertEquals(5, tr.channels());
            return ttl.append(gb, "ttl1", b);
        });
        assertArrayEquals(new long[] {2, 10, t, h, w}, acts.get("block1/layer02/concat").shape());
        assertArrayEquals(new long[] {2, 5, t / 2, h / 2, w / 2}, acts.get("transition1/pool").shape());
        assertShape(out[0], acts, 2);
    }

    @ParameterizedTest
    @EnumSource(TemporalPadding.class)
    void paddingTableMatchesTheSpec(TemporalPadding p) {
        int[][] end = {{0, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 2}, {2, 3}, {3, 3}};
        for (int d = 1; d <= 7; d++) {
            int[] e = end[d - 1];
            int[] expected = p == TemporalPadding.END ? e : new int[] {e[1], e[0]};
            assertArrayEquals(expected, p.pad(d), "depth " + d);
        }
    }
}
