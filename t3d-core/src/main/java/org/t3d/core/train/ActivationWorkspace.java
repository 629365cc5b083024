package org.t3d.core.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-sizes the workspace in which DL4J's {@code ComputationGraph.fit} keeps every activation for the backward pass.
 *
 * <p>DL4J 1.0.0-M2.1 creates that workspace empty and learns its size during the first training iteration: every
 * activation of the first iteration is allocated outside it, and at the end of the iteration the workspace is
 * allocated at the learned size while those allocations still exist. The first iteration therefore holds the
 * activations twice, and sets the process's peak memory. Creating the workspace beforehand with a size at least as
 * large as needed (for T3D-J models: {@code ModelSummary.activationBytes()}, which is an upper bound) removes the
 * duplicate: measured on DenseNet3D-121, batch 4, 16×112×112, peak RSS after the first step 2,520 → 2,064 MiB
 * (docs/performance.md). The configuration is DL4J's own except for the initial size, so a too small estimate only
 * means the workspace grows after the first iteration, as it would have anyway.
 *
 * <p>Workspaces belong to a thread: call {@link #presize(long)} in the thread that will call {@code fit}, before its
 * first {@code fit}. Once the workspace exists (a previous {@code fit} in this thread) the call changes nothing.
 */
public final class ActivationWorkspace {

    /** DL4J's id of the workspace holding the activations kept for backprop ({@code WS_ALL_LAYERS_ACT}). */
    public static final String ID = Dl4jIds.ALL_LAYERS_ACT;

    private static final Logger LOG = LoggerFactory.getLogger(ActivationWorkspace.class);

    private ActivationWorkspace() {
    }

    /**
     * Creates the activation workspace of the calling thread with an initial size.
     *
     * @param bytes initial size in bytes (DL4J adds its 5 % over-allocation)
     * @return true when the workspace was created, false when it already existed in this thread (left unchanged)
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public static boolean presize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("activation workspace size must be positive, got " + bytes + " bytes");
        }
        if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(ID)) {
            LOG.debug("activation workspace {} already exists in this thread; not resized", ID);
            return false;
        }
        WorkspaceConfiguration config = WorkspaceConfiguration.builder()
                .initialSize(bytes)
                .overallocationLimit(0.05)
                .policyLearning(LearningPolicy.FIRST_LOOP)
                .policyReset(ResetPolicy.BLOCK_LEFT)
                .policySpill(SpillPolicy.REALLOCATE)
                .policyAllocation(AllocationPolicy.OVERALLOCATE)
                .build();
        Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(config, ID);
        LOG.debug("activation workspace {} created with {} MiB", ID, bytes >> 20);
        return true;
    }

    /** Reads DL4J's protected workspace-name constant (a compile-time constant; never instantiated). */
    private static final class Dl4jIds extends ComputationGraph {
        private static final long serialVersionUID = 1L;
        static final String ALL_LAYERS_ACT = WS_ALL_LAYERS_ACT;

        private Dl4jIds() {
            super((ComputationGraphConfiguration) null);
        }
    }
}
