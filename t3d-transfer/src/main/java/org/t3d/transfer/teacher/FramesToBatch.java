package org.t3d.transfer.teacher;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.t3d.core.layers.Shapes;

/**
 * Graph vertex that turns the X frames of each example into X examples:
 * NCDHW {@code [N, C, X, H, W]} → {@code [N·X, C, 1, H, W]} (example-major: frame x of example n becomes row
 * n·X + x). In our DenseNet-121 measurements at 224×224 the teacher ran faster on a batch of single frames than on
 * X frames along the time axis (best-of-runs about 2× on a shared machine, see {@code docs/benchmarks.md}).
 * {@link FrameMean} undoes the fold after pooling. No parameters; backward is the inverse reshape.
 */
public class FramesToBatch extends GraphVertex {

    private static final long serialVersionUID = 1L;

    /** Creates the vertex. */
    public FramesToBatch() {
    }

    @Override
    public FramesToBatch clone() {
        return new FramesToBatch();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FramesToBatch;
    }

    @Override
    public int hashCode() {
        return FramesToBatch.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String vertexName,
            int idx, INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new FramesToBatchVertex(graph, vertexName, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        InputType.InputTypeConvolutional3D in = Shapes.requireCnn3d(vertexInputs[0], "FramesToBatch");
        return Shapes.ncdhw(1, in.getHeight(), in.getWidth(), in.getChannels());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, FramesToBatch.class, inputTypes[0], out).standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
