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
import org.t3d.core.train.ActivationWorkspace;

/**
 * Runtime implementation of {@link Concat3D}: a plain channel concatenation into a new array, or, for a shared concat,
 * a copy of the new channels into its dense block's shared buffer (see {@link Concat3D}).
 */
public class Concat3DVertex extends ParameterFreeVertex {

    private final long capacity;
    private final String owner;
    private long[] channelSizes;
    /** Owner only: the block's shared buffer of the current forward pass, null when this pass did not share. */
    private INDArray sharedBuffer;
    /** Owner only: channels of {@link #sharedBuffer} written so far in this pass. */
    private long sharedFilled;
    private boolean sharedLastForward;

    /**
     * A plain concat.
     *
     * @param graph       owning graph
     * @param name        vertex name
     * @param vertexIndex vertex index
     * @param dataType    network data type
     */
    public Concat3DVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        this(graph, name, vertexIndex, dataType, 0, null);
    }

    /**
     * @param graph       owning graph
     * @param name        vertex name
     * @param vertexIndex vertex index
     * @param dataType    network data type
     * @param capacity    channels of the shared buffer, 0 for a plain concat
     * @param owner       name of the shared buffer's owning concat, null for the owner or a plain concat
     */
    public Concat3DVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType, long capacity,
            String owner) {
        super(graph, name, vertexIndex, dataType);
        this.capacity = capacity;
        this.owner = owner;
    }

    /**
     * @return true when the last forward pass wrote into the dense block's shared buffer instead of a new array
     *         (diagnostics and tests)
     */
    public boolean sharedLastForward() {
        return sharedLastForward;
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
        sharedBuffer = null;
        sharedLastForward = false;
        if (capacity > 0 && in.length == 2 && activationsLiveUntilEndOfPass(workspaceMgr)) {
            INDArray shared = owner == null ? openBuffer(in, workspaceMgr) : appendToBuffer(in);
            if (shared != null) {
                sharedLastForward = true;
                return shared;
            }
        }
        if (in.length == 1) {
            return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, in[0]);
        }
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            if (!ChannelCopy.applies(in)) {
                return Nd4j.concat(1, in);
            }
            long total = 0;
            for (long c : channelSizes) {
                total += c;
            }
            INDArray out = Nd4j.createUninitialized(in[0].dataType(),
                    new long[] {ref[0], total, ref[2], ref[3], ref[4]}, 'c');
            long offset = 0;
            for (int i = 0; i < in.length; i++) {
                ChannelCopy.into(in[i], out, offset);
                offset += channelSizes[i];
            }
            return out;
        }
    }

    /**
     * @return true when no activation of this pass is freed before the pass ends: DL4J's training workspace, or
     *         activations outside any workspace (kept alive by the views that reference them)
     */
    private static boolean activationsLiveUntilEndOfPass(LayerWorkspaceMgr mgr) {
        return mgr.isScopedOut(ArrayType.ACTIVATIONS)
                || ActivationWorkspace.ID.equals(mgr.getWorkspaceName(ArrayType.ACTIVATIONS));
    }

    private long total() {
        return channelSizes[0] + channelSizes[1];
    }

    /** Owner: allocates the block's buffer, copies both inputs into its first channels. */
    private INDArray openBuffer(INDArray[] in, LayerWorkspaceMgr mgr) {
        if (total() > capacity) {
            return null;
        }
        long[] s = in[0].shape();
        INDArray buffer = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {s[0], capacity, s[2], s[3], s[4]}, 'c');
        channels(buffer, 0, channelSizes[0]).assign(in[0]);
        channels(buffer, channelSizes[0], total()).assign(in[1]);
        sharedBuffer = buffer;
        sharedFilled = total();
        return prefix(buffer, total());
    }

    /**
     * Later concat: when input 0 is the owner's buffer filled up to exactly its channels, copies input 1 behind it;
     * otherwise null. Appending only at the filled end means no earlier prefix view, of this or another concat, is
     * ever overwritten.
     */
    private INDArray appendToBuffer(INDArray[] in) {
        if (total() > capacity || !(graph.getVertex(owner) instanceof Concat3DVertex o)) {
            return null;
        }
        INDArray buffer = o.sharedBuffer;
        if (buffer == null || o.sharedFilled != channelSizes[0] || !isPrefixOf(in[0], buffer)) {
            return null;
        }
        channels(buffer, channelSizes[0], total()).assign(in[1]);
        o.sharedFilled = total();
        return prefix(buffer, total());
    }

    /** @return true when {@code x} is a channel-prefix view of {@code buffer} (same memory, offset and strides) */
    private static boolean isPrefixOf(INDArray x, INDArray buffer) {
        return x.data() == buffer.data() && x.offset() == buffer.offset()
                && Arrays.equals(x.stride(), buffer.stride()) && x.size(0) == buffer.size(0)
                && x.size(1) <= buffer.size(1) && x.size(2) == buffer.size(2) && x.size(3) == buffer.size(3)
                && x.size(4) == buffer.size(4);
    }

    private static INDArray channels(INDArray buffer, long from, long to) {
        return buffer.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.all());
    }

    private static INDArray prefix(INDArray buffer, long channels) {
        return channels == buffer.size(1) ? buffer : channels(buffer, 0, channels);
    }

    @Override
    public void clear() {
        super.clear();
        sharedBuffer = null;
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
        boolean copy = ChannelCopy.applies(epsilon);
        long[] s = epsilon.shape();
        for (int i = 0; i < out.length; i++) {
            if (copy) {
                out[i] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(),
                        new long[] {s[0], channelSizes[i], s[2], s[3], s[4]}, 'c');
                ChannelCopy.from(epsilon, out[i], from);
            } else {
                INDArray part = epsilon.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + channelSizes[i]),
                        NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
                out[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, part, 'c');
            }
            from += channelSizes[i];
        }
        return new Pair<>(null, out);
    }
}
