package org.t3d.transfer.teacher;

import java.util.Arrays;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.t3d.core.graph.ParameterFreeVertex;

/** Runtime implementation of {@link FrameMean}. */
public class FrameMeanVertex extends ParameterFreeVertex {

    private long n;
    private long frames;
    private long[] refShape;

    /**
     * @param graph       owning graph
     * @param name        vertex name
     * @param vertexIndex vertex index
     * @param dataType    network data type
     */
    public FrameMeanVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, dataType);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray f = inputs[0].castTo(dataType);
        refShape = inputs[1].shape();
        n = refShape[0];
        if (f.rank() != 2 || f.size(0) % n != 0) {
            throw new IllegalArgumentException("Vertex '" + vertexName + "' expects features [N·X, F] for N = " + n
                    + " examples, got shape " + Arrays.toString(f.shape()));
        }
        frames = f.size(0) / n;
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {n, f.size(1)},
                'c');
        out.assign(f.reshape('c', n, frames, f.size(1)).mean(1));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        long width = epsilon.size(1);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {n * frames, width}, 'c');
        INDArray e = epsilon.div(frames).reshape('c', n, 1, width);
        out.reshape('c', n, frames, width).assign(e.broadcast(n, frames, width));
        INDArray zeros = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, refShape, 'c');
        return new Pair<>(null, new INDArray[] {out, zeros});
    }
}
