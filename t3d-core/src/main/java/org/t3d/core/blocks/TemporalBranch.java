package org.t3d.core.blocks;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

/**
 * One branch of a {@link TemporalTransitionLayer}: BN → ReLU → "same" zero padding → Conv (depth, s, s), stride 1.
 *
 * <p>The depth-1 branch of the paper is a pure 1×1×1 conv ({@code spatialKernel = 1}); the others are d×3×3.
 * A {@link Kind#FACTORISED} branch replaces the d×s×s conv by a 1×s×s conv followed by BN → ReLU → d×1×1
 * (R(2+1)D style, same output width).
 *
 * @param depth         temporal kernel depth d &ge; 1
 * @param spatialKernel spatial kernel s (odd, &ge; 1)
 * @param channels      output channels of the branch
 * @param padding       side of the extra zero frame for even depths; null inherits the TTL's policy
 * @param kind          full 3D kernel or factorised
 */
public record TemporalBranch(int depth, int spatialKernel, int channels, TemporalPadding padding, Kind kind) {

    /** How the branch's spatio-temporal kernel is realised. */
    public enum Kind {
        /** One d×s×s convolution (the paper's TTL). */
        FULL,
        /** 1×s×s then d×1×1 with BN-ReLU between. */
        FACTORISED
    }

    /** Validates the fields. */
    public TemporalBranch {
        if (depth < 1) {
            throw new IllegalArgumentException("branch temporal depth must be >= 1, got " + depth);
        }
        if (spatialKernel < 1 || spatialKernel % 2 == 0) {
            throw new IllegalArgumentException("branch spatial kernel must be odd and >= 1, got " + spatialKernel);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("branch channels must be >= 1, got " + channels);
        }
        if (kind == null) {
            kind = Kind.FULL;
        }
    }

    /**
     * The paper's branch: kernel (d,1,1) when d = 1, else (d,3,3); padding inherited from the TTL.
     *
     * @return a full d×s×s branch
     */
    public static TemporalBranch of(int depth, int channels) {
        return new TemporalBranch(depth, depth == 1 ? 1 : 3, channels, null, Kind.FULL);
    }

    /** @return this branch with another padding policy */
    public TemporalBranch withPadding(TemporalPadding p) {
        return new TemporalBranch(depth, spatialKernel, channels, p, kind);
    }

    /** @return this branch with another kind */
    public TemporalBranch withKind(Kind k) {
        return new TemporalBranch(depth, spatialKernel, channels, padding, k);
    }

    /**
     * Appends the branch under {@code prefix} (e.g. {@code ttl1/branch3}).
     *
     * @param inherited the TTL's padding policy, used when this branch has none
     * @return the branch's last conv
     */
    public BlockOutput append(GraphBuilder graph, String prefix, BlockOutput in, TemporalPadding inherited,
            BatchNormSettings bn) {
        int[] tPad = (padding != null ? padding : inherited).pad(depth);
        int sPad = (spatialKernel - 1) / 2;
        if (kind == Kind.FULL) {
            BnReluConv conv = new BnReluConv(channels, Dims3.of(depth, spatialKernel, spatialKernel), Dims3.cube(1),
                    Dims3.of(tPad[0], sPad, sPad), Dims3.of(tPad[1], sPad, sPad), bn);
            return conv.append(graph, LayerNames.join(prefix, "norm"), LayerNames.join(prefix, "pad"),
                    LayerNames.join(prefix, "conv"), in);
        }
        BnReluConv spatial = BnReluConv.of(channels, Dims3.of(1, spatialKernel, spatialKernel),
                Dims3.of(0, sPad, sPad), bn);
        BlockOutput s = spatial.append(graph, LayerNames.join(prefix, "norm"), LayerNames.join(prefix, "pad"),
                LayerNames.join(prefix, "conv"), in);
        BnReluConv temporal = new BnReluConv(channels, Dims3.of(depth, 1, 1), Dims3.cube(1),
                Dims3.of(tPad[0], 0, 0), Dims3.of(tPad[1], 0, 0), bn);
        return temporal.append(graph, LayerNames.join(prefix, "norm_t"), LayerNames.join(prefix, "pad_t"),
                LayerNames.join(prefix, "conv_t"), s);
    }
}
