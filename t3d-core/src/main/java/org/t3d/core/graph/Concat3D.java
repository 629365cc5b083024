package org.t3d.core.graph;

import java.util.Objects;

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
 * Channel concatenation of rank-5 NCDHW activations (axis 1), forward and backward.
 *
 * <pre>
 *   a [N,Ca,T,H,W] ─┐
 *   b [N,Cb,T,H,W] ─┼─► [N, Ca+Cb+…, T, H, W]
 *   …              ─┘
 * </pre>
 *
 * <p>DL4J 1.0.0-M2.1's {@code MergeVertex} fails in backprop on rank 5 and labels its output NDHWC;
 * this vertex replaces it for 3D networks.
 */
public class Concat3D extends GraphVertex {

    private static final long serialVersionUID = 1L;

    private String name;

    /** For JSON deserialisation. */
    public Concat3D() {
        this(null);
    }

    /** @param name vertex name used in error messages (may be null) */
    public Concat3D(String name) {
        this.name = name;
    }

    /** @return the vertex name used in error messages */
    public String getName() {
        return name;
    }

    /** @param name the vertex name used in error messages (JSON) */
    public void setName(String name) {
        this.name = name;
    }

    @Override
    public Concat3D clone() {
        return new Concat3D(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Concat3D && Objects.equals(((Concat3D) o).name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash("Concat3D", name);
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
        return Integer.MAX_VALUE;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String vertexName,
            int idx, INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new Concat3DVertex(graph, vertexName, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        String who = name == null ? "Concat3D" : name;
        if (vertexInputs.length == 0) {
            throw new InvalidInputTypeException("Vertex '" + who + "' needs at least one input");
        }
        InputType.InputTypeConvolutional3D first = Shapes.requireCnn3d(vertexInputs[0], who);
        long channels = 0;
        for (int i = 0; i < vertexInputs.length; i++) {
            InputType.InputTypeConvolutional3D t = Shapes.requireCnn3d(vertexInputs[i], who);
            if (t.getDepth() != first.getDepth() || t.getHeight() != first.getHeight()
                    || t.getWidth() != first.getWidth()) {
                throw new InvalidInputTypeException("Vertex '" + who + "' cannot concatenate input 0 "
                        + Shapes.describe(first) + " with input " + i + " " + Shapes.describe(t)
                        + ": T, H and W must match");
            }
            channels += t.getChannels();
        }
        return Shapes.ncdhw(first.getDepth(), first.getHeight(), first.getWidth(), channels);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(name, Concat3D.class, inputTypes[0], out).standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
