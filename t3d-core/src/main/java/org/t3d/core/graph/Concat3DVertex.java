package org.t3d.core.graph;

import java.util.Arrays;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Runtime implementation of {@link Concat3D}. */
public class Concat3DVertex extends ParameterFreeVertex {

    private long[] channelSizes;

    /**
     * @param graph       owning graph
     * @param name        vertex name
     * @param vertexIndex vertex index
     * @param dataType    network data type
     */
    public Concat3DVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, dataType);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("Vertex '" + vertexName + "': inputs not set");
        }
        INDArray[] in = new INDArray[inputs.length];
        channelSizes = new long[inputs.length];
        long[] ref = inputs[0].shape();
        for (int i = 0; i < inputs.length; i++) {
            in[i] = inputs[i].castTo(dataType);
            long[] s = in[i].shape();
            if (s.length != 5 || ref.length != 5 || s[0] != ref[0] || s[2] != ref[2] || s[3] != ref[3]
                    || s[4] != ref[4]) {
                throw new IllegalArgumentException("Vertex '" + vertexName
                        + "' (Concat3D) concatenates NCDHW activations with equal N, T, H, W; input 0 has shape "
                        + Arrays.toString(ref) + ", input " + i + " has shape " + Arrays.toString(s));
            }
            channelSizes[i] = s[1];
        }
        if (in.length == 1) {
            return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, in[0]);
        }
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return Nd4j.concat(1, in);
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("Vertex '" + vertexName + "': epsilon not set");
        }
        INDArray[] out = new INDArray[channelSizes.length];
        if (out.length == 1) {
            out[0] = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, epsilon);
            return new Pair<>(null, out);
        }
        long from = 0;
        for (int i = 0; i < out.length; i++) {
            INDArray part = epsilon.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + channelSizes[i]),
                    NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
            out[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, part, 'c');
            from += channelSizes[i];
        }
        return new Pair<>(null, out);
    }
}
