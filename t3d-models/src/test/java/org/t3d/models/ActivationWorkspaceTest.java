package org.t3d.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.train.ActivationWorkspace;

/**
 * {@link ActivationWorkspace} with T3D-J models: {@code ModelSummary.activationBytes()} is an upper bound of the
 * activation workspace DL4J learns in its first {@code fit}; a workspace pre-sized to it is the one {@code fit} uses
 * (its id is DL4J's), does not grow, and gives bit-identical training; a second call leaves it alone. Each case runs in
 * fresh threads, because workspaces belong to a thread.
 */
class ActivationWorkspaceTest {

    private record Run(long workspaceBytes, INDArray params, double score) {
    }

    private static Run fitTwice(ModelConfig config, boolean memoryEfficient, int batch, long presize) throws Exception {
        AtomicReference<Run> result = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                if (presize > 0) {
                    assertTrue(ActivationWorkspace.presize(presize), "fresh thread: workspace must be created");
                    assertFalse(ActivationWorkspace.presize(presize), "second call must leave the workspace alone");
                }
                T3dModel m = T3dModels.build(config, ModelOptions.builder().dataType(DataType.FLOAT)
                        .memoryEfficient(memoryEfficient).build());
                ComputationGraph g = m.graph();
                Nd4j.getRandom().setSeed(12);
                INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, config.inputFrames(), config.inputSize(),
                        config.inputSize());
                INDArray y = Nd4j.zeros(DataType.FLOAT, batch, config.numClasses());
                for (int i = 0; i < batch; i++) {
                    y.putScalar(i, i % config.numClasses(), 1.0);
                }
                g.fit(new MultiDataSet(x, y));
                g.fit(new MultiDataSet(x, y));
                assertTrue(Nd4j.getWorkspaceManager().checkIfWorkspaceExists(ActivationWorkspace.ID),
                        "fit did not use a workspace named " + ActivationWorkspace.ID);
                long size = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(ActivationWorkspace.ID)
                        .getCurrentSize();
                result.set(new Run(size, g.params().dup(), g.score()));
            } catch (Throwable e) {
                error.set(e);
            } finally {
                Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
            }
        });
        t.start();
        t.join();
        if (error.get() != null) {
            throw new AssertionError(error.get());
        }
        return result.get();
    }

    @ParameterizedTest(name = "{0}, memory-efficient {1}")
    @CsvSource({"densenet3d,false", "t3d,false", "t3d,true"})
    void presizedWorkspaceIsUsedAndDoesNotGrow(String family, boolean memoryEfficient) throws Exception {
        ModelConfig config = family.equals("t3d") ? TinyConfigs.T3D : TinyConfigs.DENSENET3D;
        int batch = 2;
        long estimate = ModelSummary.of(config, batch, ModelOptions.builder().dataType(DataType.FLOAT)
                .memoryEfficient(memoryEfficient).build()).activationBytes();

        Run learned = fitTwice(config, memoryEfficient, batch, 0);
        assertTrue(learned.workspaceBytes() > 0, "DL4J learned no activation workspace");
        assertTrue(learned.workspaceBytes() <= estimate * 1.05 + 64,
                "estimate " + estimate + " is below the learned workspace " + learned.workspaceBytes());

        Run presized = fitTwice(config, memoryEfficient, batch, estimate);
        assertEquals((long) (estimate * 1.05), presized.workspaceBytes(), estimate * 0.001 + 64,
                "the pre-sized workspace grew or was replaced");
        assertEquals(learned.score(), presized.score(), 0.0, "different loss");
        assertEquals(0.0, learned.params().sub(presized.params()).amaxNumber().doubleValue(), 0.0,
                "different parameters after two steps");
    }
}
