package org.t3d.core.blocks;

import java.util.Objects;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.t3d.core.graph.Concat3D;
import org.t3d.core.layers.BnReluConv1x1;

/**
 * One bottleneck dense layer of DenseNet-BC in 3D.
 *
 * <pre>
 *   x [C] ─┬─► norm1 BN+ReLU ─► conv1 1×1×1 → bnSize·k ─► norm2 BN+ReLU ─► conv2 3×3×3 → k ─► [drop] ─┐
 *          └───────────────────────────────────────────────────────────────────────────────────────┴─► concat [C + k]
 * </pre>
 *
 * <p><b>Memory-efficient variant</b> ({@code memoryEfficient = true}, Pleiss et al. 2017): {@code norm1} and
 * {@code conv1} become one {@link BnReluConv1x1} layer {@code <prefix>/norm1conv1} that recomputes its BN-ReLU
 * output in the backward pass instead of keeping it, so a training step keeps one input-sized activation less per
 * dense layer (the dense layer's input grows with its depth in the block). In a {@link DenseBlock3D} the
 * memory-efficient layers also share one concatenation buffer per block ({@link Concat3D#shared}), so the growing
 * concat outputs are not kept once per layer either. It is an option of how the layer is
 * computed, not of the architecture: same parameters (the fused layer's {@code gamma, beta, mean, var} are norm1's,
 * its {@code W} is conv1's, in the same layout), same results, same running statistics.
 *
 * @param growthRate      k, channels added by the layer
 * @param bnSize          bottleneck factor; the 1×1×1 conv outputs bnSize·k channels
 * @param dropRate        dropout probability after conv2 (0 = none)
 * @param bn              batch-norm constants
 * @param memoryEfficient fuse norm1 + conv1 into {@code norm1conv1} with recomputation in backward
 */
public record DenseLayer3D(int growthRate, int bnSize, double dropRate, BatchNormSettings bn,
        boolean memoryEfficient) {

    /** Leaf name of the fused BN-ReLU-Conv1×1×1 layer of the memory-efficient variant. */
    public static final String FUSED_NORM1_CONV1 = LayerNames.fused("norm1", "conv1");

    /** Validates the fields. */
    public DenseLayer3D {
        if (growthRate < 1) {
            throw new IllegalArgumentException("growthRate must be >= 1, got " + growthRate);
        }
        if (bnSize < 1) {
            throw new IllegalArgumentException("bnSize must be >= 1, got " + bnSize);
        }
        if (!(dropRate >= 0 && dropRate < 1)) {
            throw new IllegalArgumentException("dropRate must be in [0, 1), got " + dropRate);
        }
        Objects.requireNonNull(bn, "bn");
    }

    /**
     * The standard (not memory-efficient) layer.
     *
     * @param growthRate k, channels added by the layer
     * @param bnSize     bottleneck factor
     * @param dropRate   dropout probability after conv2
     * @param bn         batch-norm constants
     */
    public DenseLayer3D(int growthRate, int bnSize, double dropRate, BatchNormSettings bn) {
        this(growthRate, bnSize, dropRate, bn, false);
    }

    /** @return this layer with the memory-efficient computation switched on or off */
    public DenseLayer3D withMemoryEfficient(boolean on) {
        return new DenseLayer3D(growthRate, bnSize, dropRate, bn, on);
    }

    /** @return a builder with DenseNet-121 defaults (k = 32, bnSize = 4, no dropout, standard computation) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return output channels for {@code inChannels} input channels */
    public long outChannels(long inChannels) {
        return inChannels + growthRate;
    }

    /**
     * Appends the layer under {@code prefix} (e.g. {@code block2/layer05}): {@code <prefix>/norm1},
     * {@code <prefix>/conv1} (or {@code <prefix>/norm1conv1} when memory-efficient), {@code <prefix>/norm2},
     * {@code <prefix>/conv2}, [{@code <prefix>/drop}], {@code <prefix>/concat}.
     *
     * @return the concat vertex {@code <prefix>/concat}
     */
    public BlockOutput append(GraphBuilder graph, String prefix, BlockOutput in) {
        return append(graph, prefix, in, null);
    }

    /**
     * Appends the layer as {@link #append(GraphBuilder, String, BlockOutput)} does, with its concat given by the
     * caller (a dense block's shared concat), or a plain {@link Concat3D} when {@code concatConf} is null.
     *
     * @param concatConf the concat vertex of the layer, named {@code <prefix>/concat}; null for a plain concat
     * @return the concat vertex {@code <prefix>/concat}
     */
    public BlockOutput append(GraphBuilder graph, String prefix, BlockOutput in, Concat3D concatConf) {
        int bottleneckChannels = bnSize * growthRate;
        BlockOutput mid;
        if (memoryEfficient) {
            String fused = LayerNames.join(prefix, FUSED_NORM1_CONV1);
            graph.addLayer(fused, BnReluConv1x1.builder().nIn(in.channels()).nOut(bottleneckChannels)
                    .eps(bn.eps()).momentum(bn.momentum()).build(), in.vertex());
            mid = BlockOutput.of(fused, bottleneckChannels, in.depth(), in.height(), in.width());
        } else {
            BnReluConv bottleneck = BnReluConv.of(bottleneckChannels, Dims3.cube(1), Dims3.cube(0), bn);
            mid = bottleneck.append(graph, LayerNames.join(prefix, "norm1"), LayerNames.join(prefix, "pad1"),
                    LayerNames.join(prefix, "conv1"), in);
        }
        BnReluConv conv = BnReluConv.of(growthRate, Dims3.cube(3), Dims3.cube(1), bn);
        BlockOutput fresh = conv.append(graph, LayerNames.join(prefix, "norm2"), LayerNames.join(prefix, "pad2"),
                LayerNames.join(prefix, "conv2"), mid);
        if (dropRate > 0) {
            String drop = LayerNames.join(prefix, "drop");
            graph.addLayer(drop, new DropoutLayer.Builder(1.0 - dropRate).build(), fresh.vertex());
            fresh = new BlockOutput(drop, fresh.type());
        }
        String concat = LayerNames.join(prefix, "concat");
        graph.addVertex(concat, concatConf == null ? new Concat3D(concat) : concatConf, in.vertex(), fresh.vertex());
        return BlockOutput.of(concat, outChannels(in.channels()), in.depth(), in.height(), in.width());
    }

    /** Builder for {@link DenseLayer3D}. */
    public static final class Builder {
        private int growthRate = 32;
        private int bnSize = 4;
        private double dropRate = 0;
        private BatchNormSettings bn = BatchNormSettings.DEFAULT;
        private boolean memoryEfficient;

        private Builder() {
        }

        /** @param k channels added per layer; default 32 */
        public Builder growthRate(int k) {
            this.growthRate = k;
            return this;
        }

        /** @param bnSize bottleneck factor; default 4 */
        public Builder bnSize(int bnSize) {
            this.bnSize = bnSize;
            return this;
        }

        /** @param p dropout probability after conv2; default 0 */
        public Builder dropRate(double p) {
            this.dropRate = p;
            return this;
        }

        /** @param bn batch-norm constants; default PyTorch's */
        public Builder bn(BatchNormSettings bn) {
            this.bn = bn;
            return this;
        }

        /**
         * @param on fuse norm1 + conv1 into one layer that recomputes BN-ReLU in backward (less activation memory,
         *           same parameters and results); default false
         */
        public Builder memoryEfficient(boolean on) {
            this.memoryEfficient = on;
            return this;
        }

        /** @return the validated layer config */
        public DenseLayer3D build() {
            return new DenseLayer3D(growthRate, bnSize, dropRate, bn, memoryEfficient);
        }
    }
}
