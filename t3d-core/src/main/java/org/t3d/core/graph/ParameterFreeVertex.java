package org.t3d.core.graph;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of T3D-J's runtime graph vertices without parameters and without mask support (concatenation, reshapes,
 * reductions): subclasses implement only {@code doForward} and {@code doBackward}.
 */
public abstract class ParameterFreeVertex extends BaseGraphVertex {

    /**
     * @param graph       owning graph
     * @param name        vertex name
     * @param vertexIndex vertex index
     * @param dataType    network data type
     */
    protected ParameterFreeVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
    }

    @Override
    public final boolean hasLayer() {
        return false;
    }

    @Override
    public final Layer getLayer() {
        return null;
    }

    @Override
    public final void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException(this + " has no parameters");
        }
    }

    /** Masks are not supported by 3D clips; any incoming mask is dropped. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
            int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=\"" + getVertexName() + "\")";
    }
}
