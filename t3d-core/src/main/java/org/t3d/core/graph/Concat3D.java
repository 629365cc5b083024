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
import org.nd4j.shade.jackson.annotation.JsonIgnore;
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
 *
 * <p><b>Shared concatenation buffer</b> (Pleiss et al. 2017, used by memory-efficient dense blocks): a vertex made
 * with {@link #shared(String, long, String)} concatenates two inputs, {@code [x, fresh]}, into one buffer of
 * {@code capacity} channels shared by every concat of a dense block. The block's first concat (the <em>owner</em>,
 * {@code owner == null}) allocates the buffer, copies {@code x} and {@code fresh} into its first channels and
 * returns the channel-prefix view; each later concat, whose {@code x} is the previous concat's view of the owner's
 * buffer, copies only {@code fresh} behind it and returns the longer prefix. The activations kept for the backward
 * pass then hold one block-sized buffer instead of one growing copy per dense layer. Earlier prefixes stay valid
 * because later layers write only behind them. Sharing is used only while every activation lives until the end of
 * the pass (DL4J's training workspace {@code WS_ALL_LAYERS_ACT}, or no workspace); in inference, where DL4J frees
 * activations layer by layer, and whenever {@code x} is not the owner's buffer, the vertex concatenates into a new
 * array as a plain concat does. Results are identical either way.
 */
public class Concat3D extends GraphVertex {

    private static final long serialVersionUID = 1L;

    private String name;
    private long capacity;
    private String owner;

    /** For JSON deserialisation. */
    public Concat3D() {
        this(null);
    }

    /** @param name vertex name used in error messages (may be null) */
    public Concat3D(String name) {
        this.name = name;
    }

    /**
     * A concat of {@code [x, fresh]} into a dense block's shared buffer (see the class comment).
     *
     * @param name     vertex name
     * @param capacity channels of the shared buffer: the dense block's output channels
     * @param owner    name of the block's first concat, which allocates the buffer; null for that first concat
     * @return the vertex configuration
     */
    public static Concat3D shared(String name, long capacity, String owner) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Vertex '" + name + "': shared concat capacity must be >= 1, got "
                    + capacity);
        }
        Concat3D c = new Concat3D(name);
        c.capacity = capacity;
        c.owner = owner;
        return c;
    }

    /** @return true for a concat into a dense block's shared buffer */
    @JsonIgnore
    public boolean isShared() {
        return capacity > 0;
    }

    /** @return true for the shared concat that allocates its block's buffer */
    @JsonIgnore
    public boolean isBufferOwner() {
        return isShared() && owner == null;
    }

    /** @return channels of the shared buffer, 0 for a plain concat */
    public long getCapacity() {
        return capacity;
    }

    /** @param capacity channels of the shared buffer, 0 for a plain concat (JSON) */
    public void setCapacity(long capacity) {
        this.capacity = capacity;
    }

    /** @return name of the shared buffer's owning concat, null for the owner itself or a plain concat */
    public String getOwner() {
        return owner;
    }

    /** @param owner name of the shared buffer's owning concat (JSON) */
    public void setOwner(String owner) {
        this.owner = owner;
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
        Concat3D c = new Concat3D(name);
        c.capacity = capacity;
        c.owner = owner;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Concat3D c && Objects.equals(c.name, name) && c.capacity == capacity
                && Objects.equals(c.owner, owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash("Concat3D", name, capacity, owner);
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
        return new Concat3DVertex(graph, vertexName, idx, networkDatatype, capacity, owner);
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
        if (isShared() && (vertexInputs.length != 2 || channels > capacity)) {
            throw new InvalidInputTypeException("Vertex '" + who + "' (shared concat of capacity " + capacity
                    + " channels) needs two inputs with at most that many channels together, got "
                    + vertexInputs.length + " inputs with " + channels + " channels");
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
