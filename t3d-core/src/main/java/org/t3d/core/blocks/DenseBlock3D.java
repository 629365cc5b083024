package org.t3d.core.blocks;

import java.util.Objects;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.t3d.core.graph.Concat3D;

/**
 * A dense block: {@code numLayers} {@link DenseLayer3D}s, each fed the concatenation of the block input and
 * every earlier layer's output.
 *
 * <pre>
 *   x [C] ─► layer01 ─► [C+k] ─► layer02 ─► [C+2k] ─► … ─► layerNN ─► [C + n·k]
 * </pre>
 *
 * <p>With memory-efficient layers the concats of the block share one buffer of {@code C + n·k} channels during
 * training ({@link Concat3D#shared}): {@code layer01/concat} allocates it, every layer's concat output is a
 * channel-prefix view of it.
 *
 * @param numLayers number of dense layers, &ge; 1
 * @param layer     the dense layer config used for every layer
 */
public record DenseBlock3D(int numLayers, DenseLayer3D layer) {

    /** Validates the fields. */
    public DenseBlock3D {
        if (numLayers < 1) {
            throw new IllegalArgumentException("numLayers must be >= 1, got " + numLayers);
        }
        Objects.requireNonNull(layer, "layer");
    }

    /**
     * @return this block with every dense layer's memory-efficient computation switched on or off (see
     *         {@link DenseLayer3D})
     */
    public DenseBlock3D withMemoryEfficient(boolean on) {
        return new DenseBlock3D(numLayers, layer.withMemoryEfficient(on));
    }

    private static String concatName(String prefix, int l) {
        return LayerNames.join(LayerNames.join(prefix, LayerNames.denseLayer(l)), "concat");
    }

    /** @return output channels for {@code inChannels} input channels */
    public long outChannels(long inChannels) {
        return inChannels + (long) numLayers * layer.growthRate();
    }

    /**
     * Appends the block under {@code prefix} (e.g. {@code block2}); layers are {@code <prefix>/layer01} ….
     *
     * @return the last layer's concat vertex
     */
    public BlockOutput append(GraphBuilder graph, String prefix, BlockOutput in) {
        BlockOutput x = in;
        long capacity = outChannels(in.channels());
        String owner = concatName(prefix, 1);
        for (int l = 1; l <= numLayers; l++) {
            String name = concatName(prefix, l);
            Concat3D concat = layer.memoryEfficient() ? Concat3D.shared(name, capacity, l == 1 ? null : owner) : null;
            x = layer.append(graph, LayerNames.join(prefix, LayerNames.denseLayer(l)), x, concat);
        }
        return x;
    }
}
