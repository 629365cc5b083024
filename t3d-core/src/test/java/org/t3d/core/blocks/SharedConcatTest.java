package org.t3d.core.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.t3d.core.graph.Concat3D;
import org.t3d.core.graph.Concat3DVertex;
import org.t3d.core.testutil.GraphHarness;

/**
 * The shared concatenation buffer of memory-efficient dense blocks ({@link Concat3D#shared}): a block whose concats
 * share one buffer trains exactly as the same block with plain concats (same parameters), in float32 (oneDNN path)
 * and float64, with and without DL4J workspaces; the buffer is really shared in training and not used where DL4J
 * frees activations early (inference in workspaces; without workspaces DL4J clears each vertex after use, so only
 * the owner may share there).
 */
class SharedConcatTest {

    private static final int LAYERS = 3;
    private static final DenseLayer3D LAYER = DenseLayer3D.builder().growthRate(4).bnSize(2).memoryEfficient(true)
            .build();

    @AfterEach
    void restoreDefaults() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** Input [2, 6, 3, 5, 5] → memory-efficient dense block (shared or plain concats) → pool → softmax(3). */
    private static ComputationGraph graph(boolean shared, DataType type, WorkspaceMode mode) {
        GraphBuilder gb = new NeuralNetConfiguration.Builder().dataType(type).seed(42)
                .updater(new Nesterovs(0.05, 0.9)).l2(1e-4)
                .trainingWorkspaceMode(mode).inferenceWorkspaceMode(mode)
                .graphBuilder().addInputs(GraphHarness.INPUT)
                .setInputTypes(BlockOutput.of(GraphHarness.INPUT, 6, 3, 5, 5).type());
        BlockOutput x = BlockOutput.of(GraphHarness.INPUT, 6, 3, 5, 5);
        if (shared) {
            x = new DenseBlock3D(LAYERS, LAYER).append(gb, "block1", x);
        } else {
            for (int l = 1; l <= LAYERS; l++) {
                x = LAYER.append(gb, "block1/" + LayerNames.denseLayer(l), x); // plain Concat3D
            }
        }
        gb.addLayer("head/pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x.vertex());
        gb.addLayer("head/fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(x.channels()).nOut(3).build(), "head/pool");
        gb.setOutputs("head/fc");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        return g;
    }

    private static Concat3DVertex concat(ComputationGraph g, int layer) {
        return (Concat3DVertex) g.getVertex("block1/" + LayerNames.denseLayer(layer) + "/concat");
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double err = expected.sub(actual).amaxNumber().doubleValue() / scale;
        assertTrue(err <= tol, what + ": relative error " + err + " > " + tol);
    }

    @Test
    void blockConfigurationMarksTheFirstConcatAsOwnerAndSurvivesJson() {
        ComputationGraphConfiguration conf = graph(true, DataType.FLOAT, WorkspaceMode.ENABLED).getConfiguration();
        Concat3D first = (Concat3D) conf.getVertices().get("block1/layer01/concat");
        Concat3D third = (Concat3D) conf.getVertices().get("block1/layer03/concat");
        assertTrue(first.isBufferOwner());
        assertEquals(6 + LAYERS * 4, first.getCapacity());
        assertFalse(third.isBufferOwner());
        assertEquals("block1/layer01/concat", third.getOwner());
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(first, back.getVertices().get("block1/layer01/concat"));
        assertEquals(third, back.getVertices().get("block1/layer03/concat"));
        assertNotEquals(new Concat3D("block1/layer03/concat"), third, "capacity and owner take part in equals");
        assertFalse(new Concat3D("c").isShared());
        assertThrows(IllegalArgumentException.class, () -> Concat3D.shared("c", 0, null));
    }

    @ParameterizedTest
    @EnumSource(value = WorkspaceMode.class, names = {"ENABLED", "NONE"})
    void trainingSharesTheBufferAndMatchesPlainConcatsInFloat(WorkspaceMode mode) {
        trainAndCompare(DataType.FLOAT, mode, 2e-5);
    }

    @ParameterizedTest
    @EnumSource(value = WorkspaceMode.class, names = {"ENABLED", "NONE"})
    void trainingSharesTheBufferAndMatchesPlainConcatsInDouble(WorkspaceMode mode) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        trainAndCompare(DataType.DOUBLE, mode, 1e-12);
    }

    private static void trainAndCompare(DataType type, WorkspaceMode mode, double tol) {
        ComputationGraph shared = graph(true, type, mode);
        ComputationGraph plain = graph(false, type, mode);
        plain.setParams(shared.params().dup());
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(type, 2, 6, 3, 5, 5);
        INDArray y = GraphHarness.labels(2, 3).castTo(type);

        // one gradient computation: scores, every parameter gradient
        shared.setInputs(x);
        shared.setLabels(y);
        shared.computeGradientAndScore();
        plain.setInputs(x);
        plain.setLabels(y);
        plain.computeGradientAndScore();
        for (int l = 1; l <= LAYERS; l++) {
            assertTrue(concat(shared, l).sharedLastForward(), "layer " + l + " concat wrote into the shared buffer");
            assertFalse(concat(plain, l).sharedLastForward(), "plain concat");
        }
        assertEquals(plain.score(), shared.score(), tol * Math.abs(plain.score()), "score");
        Map<String, INDArray> gs = shared.gradient().gradientForVariable();
        Map<String, INDArray> gp = plain.gradient().gradientForVariable();
        assertEquals(gp.keySet(), gs.keySet());
        for (String k : gp.keySet()) {
            assertClose(gp.get(k), gs.get(k), tol, "gradient " + k);
        }

        // several training steps: a buffer reused across iterations must not leak stale channels into later ones
        for (int step = 0; step < 3; step++) {
            INDArray xs = Nd4j.randn(type, 2, 6, 3, 5, 5);
            shared.fit(new INDArray[] {xs}, new INDArray[] {y});
            plain.fit(new INDArray[] {xs}, new INDArray[] {y});
        }
        assertClose(plain.params(), shared.params(), tol * 10, "parameters after 3 Nesterov steps");

        // inference: DL4J frees activations layer by layer, so the concats must not share (and still agree)
        INDArray outShared = shared.outputSingle(false, x);
        if (mode == WorkspaceMode.ENABLED) {
            for (int l = 1; l <= LAYERS; l++) {
                assertFalse(concat(shared, l).sharedLastForward(), "inference in workspaces shares (layer " + l + ")");
            }
        }
        assertClose(plain.outputSingle(false, x), outShared, tol, "inference output");
    }

    @Test
    void laterConcatFallsBackWhenItsInputIsNotTheOwnersBuffer() {
        ComputationGraph g = graph(true, DataType.FLOAT, WorkspaceMode.ENABLED);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 6, 3, 5, 5);
        g.setInputs(x);
        g.setLabels(GraphHarness.labels(2, 3).castTo(DataType.FLOAT));
        g.computeGradientAndScore();
        assertTrue(concat(g, 2).sharedLastForward());
        // drive layer 2's concat by hand with fresh (non-shared) arrays: it must concatenate into a new array
        Concat3DVertex v = concat(g, 2);
        INDArray a = Nd4j.randn(DataType.FLOAT, 2, 10, 3, 5, 5);
        INDArray b = Nd4j.randn(DataType.FLOAT, 2, 4, 3, 5, 5);
        v.setInputs(new INDArray[] {a, b});
        INDArray out = v.doForward(true, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        assertFalse(v.sharedLastForward());
        assertEquals(Nd4j.concat(1, a, b), out);
    }

    @Test
    void aSecondAppendToTheSamePrefixDoesNotOverwriteTheFirst() {
        ComputationGraph g = graph(true, DataType.FLOAT, WorkspaceMode.NONE);
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr none =
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        Concat3DVertex owner = concat(g, 1);
        Concat3DVertex second = concat(g, 2);
        INDArray x0 = Nd4j.randn(DataType.FLOAT, 2, 6, 3, 5, 5);
        INDArray f1 = Nd4j.randn(DataType.FLOAT, 2, 4, 3, 5, 5);
        INDArray f2 = Nd4j.randn(DataType.FLOAT, 2, 4, 3, 5, 5);
        INDArray f2b = Nd4j.randn(DataType.FLOAT, 2, 4, 3, 5, 5);
        owner.setInputs(new INDArray[] {x0, f1});
        INDArray p1 = owner.doForward(true, none);
        assertTrue(owner.sharedLastForward());
        assertEquals(Nd4j.concat(1, x0, f1), p1);
        second.setInputs(new INDArray[] {p1, f2});
        INDArray p2 = second.doForward(true, none);
        assertTrue(second.sharedLastForward());
        INDArray expected = Nd4j.concat(1, x0, f1, f2);
        assertEquals(expected, p2);
        // appending to p1 again would write where p2's channels live: it must concatenate into a new array instead
        second.setInputs(new INDArray[] {p1, f2b});
        INDArray p2b = second.doForward(true, none);
        assertFalse(second.sharedLastForward());
        assertEquals(Nd4j.concat(1, x0, f1, f2b), p2b);
        assertEquals(expected, p2, "the first append's output was overwritten");
    }
}
