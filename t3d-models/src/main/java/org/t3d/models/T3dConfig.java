package org.t3d.models;

import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.blocks.LayerNames;

/**
 * T3D (spec §2): the DenseNet3D trunk with every transition replaced by a Temporal Transition Layer.
 *
 * <pre>{@code
 * T3dConfig paper = T3dConfig.T3D_121;                       // TTL {1,3,6},{1,3,4},{1,3,4}, stem pool (1,2,2)
 * T3dConfig official = T3dConfig.T3D_121_OFFICIAL;           // TTL {1,3,4} x3, stem pool (2,2,2)
 * T3dConfig light = T3dConfig.builder().ttl(TtlConfig.PAPER.withBranchChannels(64)).numClasses(101).build();
 * }</pre>
 *
 * @param trunk       stem, dense blocks, pooling, BN constants
 * @param ttl         the TTLs (one depth list per transition)
 * @param numClasses  classifier outputs (400 = Kinetics)
 * @param inputFrames nominal clip length T (32)
 * @param inputSize   nominal clip height = width (224)
 */
public record T3dConfig(DenseTrunk trunk, TtlConfig ttl, int numClasses, int inputFrames, int inputSize)
        implements ModelConfig {

    /** Family id. */
    public static final String FAMILY = "t3d";

    /** T3D-121, paper profile, 400 classes, 32×224×224: 30,321,552 parameters. */
    public static final T3dConfig T3D_121 = new T3dConfig(DenseTrunk.PAPER_121, TtlConfig.PAPER, 400, 32, 224);
    /** T3D-169, paper profile: 38,963,856 parameters. */
    public static final T3dConfig T3D_169 = T3D_121.withBlockConfig(DenseTrunk.BLOCKS_169);
    /** T3D-121, official-code profile (stem pool stride 2, TTL {1,3,4} ×3): 29,731,728 parameters. */
    public static final T3dConfig T3D_121_OFFICIAL = T3D_121.withProfile(Profile.OFFICIAL);
    /** T3D-169, official-code profile: 38,374,032 parameters. */
    public static final T3dConfig T3D_169_OFFICIAL = T3D_169.withProfile(Profile.OFFICIAL);

    /** Validates the fields; the TTL count must be the number of dense blocks − 1. */
    public T3dConfig {
        Objects.requireNonNull(trunk, "trunk");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.depths().size() != trunk.numBlocks() - 1) {
            throw new IllegalArgumentException("T3D with " + trunk.numBlocks() + " dense blocks needs "
                    + (trunk.numBlocks() - 1) + " TTL depth lists, got " + ttl.depths().size() + ": " + ttl.depths());
        }
        ModelChecks.head(numClasses, inputFrames, inputSize);
    }

    /** @return a builder starting from {@link #T3D_121} */
    public static Builder builder() {
        return new Builder(T3D_121);
    }

    /** @return a builder starting from this configuration */
    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public T3dConfig withNumClasses(int classes) {
        return new T3dConfig(trunk, ttl, classes, inputFrames, inputSize);
    }

    @Override
    public T3dConfig withInput(int frames, int size) {
        return new T3dConfig(trunk, ttl, numClasses, frames, size);
    }

    @Override
    public T3dConfig withProfile(Profile profile) {
        return new T3dConfig(trunk.withStem(trunk.stem().withPoolStride(profile.stemPoolStride())),
                ttl.withDepths(profile.ttlDepths(trunk.numBlocks() - 1)), numClasses, inputFrames, inputSize);
    }

    /**
     * {@inheritDoc} When the number of blocks changes, the TTL depth lists are rebuilt from the current profile
     * (or the paper profile for a custom configuration).
     */
    @Override
    public T3dConfig withTrunk(DenseTrunk t) {
        TtlConfig tt = ttl;
        if (t.numBlocks() != trunk.numBlocks()) {
            Profile p = profile() == null ? Profile.PAPER : profile();
            tt = ttl.withDepths(p.ttlDepths(t.numBlocks() - 1));
        }
        return new T3dConfig(t, tt, numClasses, inputFrames, inputSize);
    }

    @Override
    public T3dConfig withBlockConfig(List<Integer> blocks) {
        return withTrunk(trunk.withBlockConfig(blocks));
    }

    /** @return a copy with other TTLs */
    public T3dConfig withTtl(TtlConfig t) {
        return new T3dConfig(trunk, t, numClasses, inputFrames, inputSize);
    }

    @Override
    public String transitionStage(int t) {
        return LayerNames.ttl(t);
    }

    @Override
    public long transitionOutChannels(int t, long inChannels) {
        return ttl.outChannels(t);
    }

    @Override
    public BlockOutput appendTransition(GraphBuilder graph, int t, BlockOutput in) {
        return ttl.layer(t, trunk).append(graph, transitionStage(t), in);
    }

    @Override
    public Profile profile() {
        for (Profile p : Profile.values()) {
            if (trunk.stem().poolStride().equals(p.stemPoolStride())
                    && ttl.depths().equals(p.ttlDepths(trunk.numBlocks() - 1))) {
                return p;
            }
        }
        return null;
    }

    /** Builder over every knob; starts from a preset. */
    public static final class Builder extends TrunkBuilder<Builder> {
        private TtlConfig ttl;

        private Builder(T3dConfig base) {
            super(base.trunk, base.numClasses, base.inputFrames, base.inputSize);
            this.ttl = base.ttl;
        }

        /** @param t the TTL configuration; default {@link TtlConfig#PAPER} */
        public Builder ttl(TtlConfig t) {
            this.ttl = Objects.requireNonNull(t, "ttl");
            return this;
        }

        /** @param depths TTL temporal depths, one list per TTL */
        public Builder ttlDepths(List<List<Integer>> depths) {
            this.ttl = ttl.withDepths(depths);
            return this;
        }

        /** @param profile applies the profile's stem pool stride and TTL depths */
        public Builder profile(Profile profile) {
            stem(stem.withPoolStride(profile.stemPoolStride()));
            this.ttl = ttl.withDepths(profile.ttlDepths(blockConfig.size() - 1));
            return this;
        }

        /** @return the validated configuration */
        public T3dConfig build() {
            return new T3dConfig(trunk(), ttl, numClasses, inputFrames, inputSize);
        }
    }
}
