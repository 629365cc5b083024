package org.t3d.transfer.teacher;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Graph vertex that averages per-frame features back to one vector per example: inputs (0) features
 * {@code [N·X, F]} as folded by {@link FramesToBatch}, (1) the original frames {@code [N, C, X, H, W]} (only its N
 * is read) → {@code [N, F]} = mean over the X frames of each example. Backward: the gradient divided by X to every
 * frame; none to input 1.
 */
public class FrameMean extends GraphVertex {

    private static final long serialVersionUID = 1L;

    /** Creates the vertex. */
    public FrameMean() {
    }

    @Override
    public FrameMean clone() {
        return new FrameMean();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameMean;
    }

    @Override
    public int hashCode() {
        return FrameMean.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String vertexName,
            int idx, INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new FrameMeanVertex(graph, vertexName, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs[0].getType() != InputType.Type.FF) {
            throw new InvalidInputTypeException("FrameMean expects feed-forward features [N·X, F] as input 0, got "
                    + vertexInputs[0]);
        }
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, FrameMean.class, inputTypes[0], out).standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
