package org.t3d.core.blocks;

import java.util.Objects;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.t3d.core.graph.Concat3D;

/**
 * One bottleneck dense layer of DenseNet-BC in 3D.
 *
 * <pre>
 *   x [C] ─┬─► norm1 BN+ReLU ─► conv1 1×1×1 → bnSize·k ─► norm2 BN+ReLU ─► conv2 3×3×3 → k ─► [drop] ─┐
 *          └───────────────────────────────────────────────────────────────────────────────────────┴─► concat [C + k]
 * </pre>
 *
 * @param growthRate k, channels added by the layer
 * @param bnSize     bottleneck factor; the 1×1×1 conv outputs bnSize·k channels
 * @param dropRate   dropout probability after conv2 (0 = none)
 * @param bn         batch-norm constants
 */
public record DenseLayer3D(int growthRate, int bnSize, double dropRate, BatchNormSettings bn) {

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

    /** @return a builder with DenseNet-121 defaults (k = 32, bnSize = 4, no dropout) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return output channels for {@code inChannels} input channels */
    public long outChannels(long inChannels) {
        return inChannels + growthRate;
    }

    /**
     * Appends the layer under {@code prefix} (e.g. {@code block2/layer05}).
     *
     * @return the concat vertex {@code <prefix>/concat}
     */
    public BlockOutput append(GraphBuilder graph, String prefix, BlockOutput in) {
        BnReluConv bottleneck = BnReluConv.of(bnSize * growthRate, Dims3.cube(1), Dims3.cube(0), bn);
        BlockOutput mid = bottleneck.append(graph, LayerNames.join(prefix, "norm1"), LayerNames.join(prefix, "pad1"),
                LayerNames.join(prefix, "conv1"), in);
        BnReluConv conv = BnReluConv.of(growthRate, Dims3.cube(3), Dims3.cube(1), bn);
        BlockOutput fresh = conv.append(graph, LayerNames.join(prefix, "norm2"), LayerNames.join(prefix, "pad2"),
                LayerNames.join(prefix, "conv2"), mid);
        if (dropRate > 0) {
            String drop = LayerNames.join(prefix, "drop");
            graph.addLayer(drop, new DropoutLayer.Builder(1.0 - dropRate).build(), fresh.vertex());
            fresh = new BlockOutput(drop, fresh.type());
        }
        String concat = LayerNames.join(prefix, "concat");
        graph.addVertex(concat, new Concat3D(concat), in.vertex(), fresh.vertex());
        return BlockOutput.of(concat, outChannels(in.channels()), in.depth(), in.height(), in.width());
    }

    /** Builder for {@link DenseLayer3D}. */
    public static final class Builder {
        private int growthRate = 32;
        private int bnSize = 4;
        private double dropRate = 0;
        private BatchNormSettings bn = BatchNormSettings.DEFAULT;

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

        /** @return the validated layer config */
        public DenseLayer3D build() {
            return new DenseLayer3D(growthRate, bnSize, dropRate, bn);
        }
    }
}
