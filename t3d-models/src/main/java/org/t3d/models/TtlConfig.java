package org.t3d.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.t3d.core.blocks.Dims3;
import org.t3d.core.blocks.TemporalBranch;
import org.t3d.core.blocks.TemporalPadding;
import org.t3d.core.blocks.TemporalTransitionLayer;

/**
 * Configuration of the Temporal Transition Layers of a T3D model (spec §2): one list of temporal depths per
 * TTL, {@code branchChannels} filters per branch, kernel (d,1,1) for d = 1 else (d, s, s), "same" stride-1
 * padding with the extra zero frame of even depths at the {@code paddingExtra} side, an optional post-concat
 * BN-ReLU-Conv 1×1×1 to ⌊θ_ttl·Σ branch channels⌋, then the transition average pool of the trunk.
 *
 * @param depths         temporal depths, one list per TTL (TTL t = entry t−1), branch order = list order
 * @param branchChannels output channels of every branch (paper: 128)
 * @param spatialKernel  spatial kernel s of the branches with depth &gt; 1 (paper: 3)
 * @param postConv       whether BN-ReLU-Conv 1×1×1 follows the concat (paper: true)
 * @param compression    θ_ttl of the post conv in (0, 1] (paper: 1.0)
 * @param paddingExtra   side of the extra zero frame for even depths (paper: END)
 */
public record TtlConfig(List<List<Integer>> depths, int branchChannels, int spatialKernel, boolean postConv,
        double compression, TemporalPadding paddingExtra) {

    /** Paper profile: {1,3,6},{1,3,4},{1,3,4}, 128 channels per branch, post conv 384→384, padding at the end. */
    public static final TtlConfig PAPER = new TtlConfig(Profile.PAPER.ttlDepths(3), 128, 3, true, 1.0,
            TemporalPadding.END);

    /** Official-code profile: {1,3,4} ×3, otherwise as {@link #PAPER}. */
    public static final TtlConfig OFFICIAL = PAPER.withDepths(Profile.OFFICIAL.ttlDepths(3));

    /** Validates the fields and copies the lists. */
    public TtlConfig {
        Objects.requireNonNull(depths, "depths");
        if (depths.isEmpty()) {
            throw new IllegalArgumentException("TTL depths must list at least one TTL");
        }
        List<List<Integer>> copy = new ArrayList<>();
        for (int t = 0; t < depths.size(); t++) {
            List<Integer> d = depths.get(t);
            if (d == null || d.isEmpty()) {
                throw new IllegalArgumentException("TTL " + (t + 1) + " has no branch (depths " + depths + ")");
            }
            for (Integer x : d) {
                if (x == null || x < 1) {
                    throw new IllegalArgumentException("TTL " + (t + 1) + " temporal depths must be >= 1, got " + d);
                }
            }
            copy.add(List.copyOf(d));
        }
        depths = List.copyOf(copy);
        if (branchChannels < 1) {
            throw new IllegalArgumentException("TTL branch channels must be >= 1, got " + branchChannels);
        }
        if (spatialKernel < 1 || spatialKernel % 2 == 0) {
            throw new IllegalArgumentException("TTL spatial kernel must be odd and >= 1, got " + spatialKernel);
        }
        if (!(compression > 0 && compression <= 1)) {
            throw new IllegalArgumentException("TTL compression must be in (0, 1], got " + compression);
        }
        Objects.requireNonNull(paddingExtra, "paddingExtra");
    }

    /** @return a copy with other depths (one list per TTL) */
    public TtlConfig withDepths(List<List<Integer>> d) {
        return new TtlConfig(d, branchChannels, spatialKernel, postConv, compression, paddingExtra);
    }

    /** @return a copy with another number of channels per branch */
    public TtlConfig withBranchChannels(int c) {
        return new TtlConfig(depths, c, spatialKernel, postConv, compression, paddingExtra);
    }

    /** @return a copy with or without the post-concat conv */
    public TtlConfig withPostConv(boolean on) {
        return new TtlConfig(depths, branchChannels, spatialKernel, on, compression, paddingExtra);
    }

    /** @return a copy with another post-conv compression */
    public TtlConfig withCompression(double theta) {
        return new TtlConfig(depths, branchChannels, spatialKernel, postConv, theta, paddingExtra);
    }

    /** @return a copy with another padding side */
    public TtlConfig withPaddingExtra(TemporalPadding p) {
        return new TtlConfig(depths, branchChannels, spatialKernel, postConv, compression, p);
    }

    /** @return a copy with another spatial kernel for the deep branches */
    public TtlConfig withSpatialKernel(int s) {
        return new TtlConfig(depths, branchChannels, s, postConv, compression, paddingExtra);
    }

    /** @return the channels after TTL {@code t} (1-based) */
    public long outChannels(int t) {
        return layer(t, null).outChannels();
    }

    /**
     * The core block of TTL {@code t}.
     *
     * @param t     1-based TTL index
     * @param trunk the trunk (pooling and BN constants); null uses the defaults
     * @return the TTL block configuration
     */
    public TemporalTransitionLayer layer(int t, DenseTrunk trunk) {
        if (t < 1 || t > depths.size()) {
            throw new IllegalArgumentException("TTL index " + t + " out of range 1.." + depths.size());
        }
        TemporalTransitionLayer.Builder b = TemporalTransitionLayer.builder();
        for (int d : depths.get(t - 1)) {
            b.branch(new TemporalBranch(d, d == 1 ? 1 : spatialKernel, branchChannels, null,
                    TemporalBranch.Kind.FULL));
        }
        b.postConv(postConv).compression(compression).padding(paddingExtra);
        if (trunk != null) {
            b.poolKernel(trunk.transitionPoolKernel()).poolStride(trunk.transitionPoolStride()).bn(trunk.batchNorm());
        } else {
            b.poolKernel(Dims3.cube(2)).poolStride(Dims3.cube(2));
        }
        return b.build();
    }
}
