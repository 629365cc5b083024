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

/** Runtime implementation of {@link FramesToBatch}. */
public class FramesToBatchVertex extends ParameterFreeVertex {

    private long[] inShape;

    /**
     * @param graph       owning graph
     * @param name        vertex name
     * @param vertexIndex vertex index
     * @param dataType    network data type
     */
    public FramesToBatchVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, dataType);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray x = inputs[0].castTo(dataType);
        if (x.rank() != 5) {
            throw new IllegalArgumentException("Vertex '" + vertexName + "' expects teacher frames NCDHW [N, C, X, H, W],"
                    + " got shape " + Arrays.toString(x.shape()));
        }
        inShape = x.shape();
        long n = inShape[0];
        long c = inShape[1];
        long f = inShape[2];
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {n, f, c, inShape[3], inShape[4]}, 'c');
        out.assign(x.permute(0, 2, 1, 3, 4));
        return out.reshape('c', n * f, c, 1, inShape[3], inShape[4]);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        long n = inShape[0];
        long c = inShape[1];
        long f = inShape[2];
        INDArray e = epsilon.reshape('c', n, f, c, inShape[3], inShape[4]).permute(0, 2, 1, 3, 4);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, inShape, 'c');
        out.assign(e);
        return new Pair<>(null, new INDArray[] {out});
    }
}
