package org.t3d.transfer.testutil;

import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.t3d.core.graph.Concat3D;
import org.t3d.core.graph.Concat3DVertex;

/**
 * Test-only identity vertex (a one-input {@link Concat3D}) that records the gradient arriving at it, i.e. dL/d of
 * its input; DL4J keeps no epsilon for graph inputs.
 */
public class EpsilonProbe extends Concat3D {

    private static final long serialVersionUID = 1L;
    /** The last epsilon seen by any probe (copied out of workspaces). */
    public static final AtomicReference<INDArray> LAST = new AtomicReference<>();

    /** @param name vertex name */
    public EpsilonProbe(String name) {
        super(name);
    }

    @Override
    public EpsilonProbe clone() {
        return new EpsilonProbe(getName());
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String vertexName,
            int idx, INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new Concat3DVertex(graph, vertexName, idx, networkDatatype) {
            private static final long serialVersionUID = 1L;

            @Override
            public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
                LAST.set(epsilon.detach());
                return super.doBackward(tbptt, workspaceMgr);
            }
        };
    }
}
