package org.t3d.core.blocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.t3d.core.graph.Concat3D;

/**
 * The Temporal Transition Layer (TTL) of T3D: parallel BN-ReLU-Conv branches with different temporal depths,
 * concatenated on channels, an optional BN-ReLU-Conv 1×1×1 with compression, and an average pool. It replaces
 * the DenseNet transition between dense blocks.
 *
 * <pre>
 *        ┌─► branch1 BN+ReLU ─► conv (1,1,1)               → c1 ─┐
 *   x ───┼─► branch2 BN+ReLU ─► pad ─► conv (3,3,3)        → c2 ─┼─► concat ─► [transition BN+ReLU ─► conv 1×1×1
 *        └─► branch3 BN+ReLU ─► pad ─► conv (6,3,3)        → c3 ─┘            → ⌊θ·Σc⌋] ─► pool AvgPool(2,2,2)/2
 * </pre>
 *
 * <p>Every branch keeps T, H and W ("same" padding, stride 1). For even depths the extra zero frame goes at the
 * end (default, TF/Keras SAME) or the front ({@link TemporalPadding}). A custom TTL is configuration, not a
 * subclass:
 *
 * <pre>{@code
 * TemporalTransitionLayer ttl = TemporalTransitionLayer.builder()
 *         .branch(TemporalBranch.of(1, 64))
 *         .branch(TemporalBranch.of(3, 64))
 *         .branch(TemporalBranch.of(5, 64).withKind(TemporalBranch.Kind.FACTORISED))
 *         .padding(TemporalPadding.FRONT)
 *         .compression(0.5)
 *         .build();
 * }</pre>
 *
 * @param branches    the parallel branches, in concatenation order (≥ 1)
 * @param postConv    whether BN-ReLU-Conv 1×1×1 follows the concat
 * @param compression θ of the post conv: output ⌊θ·Σ branch channels⌋ (ignored without post conv)
 * @param padding     default padding policy for the branches
 * @param poolKernel  average-pool kernel; (1,1,1) with stride (1,1,1) means no pool
 * @param poolStride  average-pool stride
 * @param bn          batch-norm constants
 */
public record TemporalTransitionLayer(List<TemporalBranch> branches, boolean postConv, double compression,
        TemporalPadding padding, Dims3 poolKernel, Dims3 poolStride, BatchNormSettings bn) {

    /** Validates the fields and copies the branch list. */
    public TemporalTransitionLayer {
        Objects.requireNonNull(branches, "branches");
        if (branches.isEmpty()) {
            throw new IllegalArgumentException("a TTL needs at least one branch");
        }
        branches = List.copyOf(branches);
        if (!(compression > 0 && compression <= 1)) {
            throw new IllegalArgumentException("TTL compression must be in (0, 1], got " + compression);
        }
        Objects.requireNonNull(padding, "padding");
        Objects.requireNonNull(poolKernel, "poolKernel");
        Objects.requireNonNull(poolStride, "poolStride");
        Objects.requireNonNull(bn, "bn");
        if (!poolKernel.positive() || !poolStride.positive()) {
            throw new IllegalArgumentException("pool kernel/stride must be positive, got " + poolKernel + " / "
                    + poolStride);
        }
    }

    /** @return a builder with the paper's settings and no branches */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The paper's TTL: one branch per depth, (1,1,1) for depth 1 else (d,3,3), {@code channels} each, post conv
     * without compression, padding at the end, AvgPool (2,2,2)/2.
     *
     * @param depths   temporal depths in branch order, e.g. {1, 3, 6}
     * @param channels channels per branch, e.g. 128
     * @return the TTL config
     */
    public static TemporalTransitionLayer paper(int[] depths, int channels) {
        Builder b = builder();
        for (int d : depths) {
            b.branch(TemporalBranch.of(d, channels));
        }
        return b.build();
    }

    /** @return Σ branch channels */
    public long concatChannels() {
        long c = 0;
        for (TemporalBranch b : branches) {
            c += b.channels();
        }
        return c;
    }

    /** @return channels after the TTL */
    public long outChannels() {
        long c = concatChannels();
        if (!postConv) {
            return c;
        }
        long out = (long) Math.floor(compression * c);
        if (out < 1) {
            throw new IllegalArgumentException("TTL compression " + compression + " of " + c
                    + " channels leaves no channel");
        }
        return out;
    }

    /** @return the temporal depths of the branches, in order */
    public int[] depths() {
        return branches.stream().mapToInt(TemporalBranch::depth).toArray();
    }

    /**
     * Appends the TTL under {@code prefix} (e.g. {@code ttl1}): {@code <prefix>/branch<j>/…},
     * {@code <prefix>/concat}, {@code <prefix>/transition/{norm,conv}}, {@code <prefix>/pool}.
     *
     * @return the TTL's output
     */
    public BlockOutput append(GraphBuilder graph, String prefix, BlockOutput in) {
        List<String> outs = new ArrayList<>();
        for (int j = 0; j < branches.size(); j++) {
            BlockOutput b = branches.get(j).append(graph, LayerNames.join(prefix, LayerNames.branch(j + 1)), in,
                    padding, bn);
            outs.add(b.vertex());
        }
        String concat = LayerNames.join(prefix, "concat");
        graph.addVertex(concat, new Concat3D(concat), outs.toArray(new String[0]));
        BlockOutput x = BlockOutput.of(concat, concatChannels(), in.depth(), in.height(), in.width());
        if (postConv) {
            String t = LayerNames.join(prefix, "transition");
            x = BnReluConv.of((int) outChannels(), Dims3.cube(1), Dims3.cube(0), bn).append(graph,
                    LayerNames.join(t, "norm"), LayerNames.join(t, "pad"), LayerNames.join(t, "conv"), x);
        }
        if (poolKernel.equals(Dims3.cube(1)) && poolStride.equals(Dims3.cube(1))) {
            return x;
        }
        return Pooling3D.append(graph, LayerNames.join(prefix, "pool"), x, Subsampling3DLayer.PoolingType.AVG,
                poolKernel, poolStride, Dims3.cube(0));
    }

    /** Builder for {@link TemporalTransitionLayer}; defaults are the paper's. */
    public static final class Builder {
        private final List<TemporalBranch> branches = new ArrayList<>();
        private boolean postConv = true;
        private double compression = 1.0;
        private TemporalPadding padding = TemporalPadding.END;
        private Dims3 poolKernel = Dims3.cube(2);
        private Dims3 poolStride = Dims3.cube(2);
        private BatchNormSettings bn = BatchNormSettings.DEFAULT;

        private Builder() {
        }

        /** Adds a branch (concatenated in the order added). */
        public Builder branch(TemporalBranch branch) {
            branches.add(Objects.requireNonNull(branch, "branch"));
            return this;
        }

        /** Replaces all branches. */
        public Builder branches(List<TemporalBranch> list) {
            branches.clear();
            list.forEach(this::branch);
            return this;
        }

        /** @param on whether a BN-ReLU-Conv 1×1×1 follows the concat; default true */
        public Builder postConv(boolean on) {
            this.postConv = on;
            return this;
        }

        /** @param theta post-conv compression in (0, 1]; default 1.0 */
        public Builder compression(double theta) {
            this.compression = theta;
            return this;
        }

        /** @param p default padding policy of the branches; default END */
        public Builder padding(TemporalPadding p) {
            this.padding = p;
            return this;
        }

        /** @param kernel average-pool kernel; default (2,2,2) */
        public Builder poolKernel(Dims3 kernel) {
            this.poolKernel = kernel;
            return this;
        }

        /** @param stride average-pool stride; default (2,2,2) */
        public Builder poolStride(Dims3 stride) {
            this.poolStride = stride;
            return this;
        }

        /** @param bn batch-norm constants; default PyTorch's */
        public Builder bn(BatchNormSettings bn) {
            this.bn = bn;
            return this;
        }

        /** @return the validated TTL */
        public TemporalTransitionLayer build() {
            return new TemporalTransitionLayer(branches, postConv, compression, padding, poolKernel, poolStride, bn);
        }
    }
}
