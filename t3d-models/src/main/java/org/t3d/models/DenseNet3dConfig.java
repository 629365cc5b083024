package org.t3d.models;

import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.blocks.LayerNames;
import org.t3d.core.blocks.Transition3D;

/**
 * DenseNet3D (spec §1): the DenseNet-BC trunk in 3D with compressing transitions (BN-ReLU-Conv 1×1×1 to ⌊θ·C⌋,
 * average pool) between the dense blocks.
 *
 * <pre>{@code
 * DenseNet3dConfig c = DenseNet3dConfig.DENSENET3D_121.withNumClasses(101);
 * DenseNet3dConfig d201 = DenseNet3dConfig.builder().blockConfig(6, 12, 48, 32).build();
 * }</pre>
 *
 * @param trunk       stem, dense blocks, pooling, BN constants
 * @param compression θ of the transitions in (0, 1] (0.5)
 * @param numClasses  classifier outputs (400 = Kinetics)
 * @param inputFrames nominal clip length T (32)
 * @param inputSize   nominal clip height = width (224)
 */
public record DenseNet3dConfig(DenseTrunk trunk, double compression, int numClasses, int inputFrames, int inputSize)
        implements ModelConfig {

    /** Family id. */
    public static final String FAMILY = "densenet3d";

    /** DenseNet3D-121, paper profile, 400 classes, 32×224×224: 11,658,896 parameters. */
    public static final DenseNet3dConfig DENSENET3D_121 = new DenseNet3dConfig(DenseTrunk.PAPER_121, 0.5, 400, 32,
            224);
    /** DenseNet3D-169, paper profile: 19,214,992 parameters. */
    public static final DenseNet3dConfig DENSENET3D_169 = DENSENET3D_121.withBlockConfig(DenseTrunk.BLOCKS_169);
    /** DenseNet3D-121, official-code profile (stem pool stride 2). */
    public static final DenseNet3dConfig DENSENET3D_121_OFFICIAL = DENSENET3D_121.withProfile(Profile.OFFICIAL);
    /** DenseNet3D-169, official-code profile. */
    public static final DenseNet3dConfig DENSENET3D_169_OFFICIAL = DENSENET3D_169.withProfile(Profile.OFFICIAL);

    /** Validates the fields. */
    public DenseNet3dConfig {
        Objects.requireNonNull(trunk, "trunk");
        if (!(compression > 0 && compression <= 1)) {
            throw new IllegalArgumentException("compression must be in (0, 1], got " + compression);
        }
        ModelChecks.head(numClasses, inputFrames, inputSize);
    }

    /** @return a builder starting from {@link #DENSENET3D_121} */
    public static Builder builder() {
        return new Builder(DENSENET3D_121);
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
    public DenseNet3dConfig withNumClasses(int classes) {
        return new DenseNet3dConfig(trunk, compression, classes, inputFrames, inputSize);
    }

    @Override
    public DenseNet3dConfig withInput(int frames, int size) {
        return new DenseNet3dConfig(trunk, compression, numClasses, frames, size);
    }

    @Override
    public DenseNet3dConfig withProfile(Profile profile) {
        return withTrunk(trunk.withStem(trunk.stem().withPoolStride(profile.stemPoolStride())));
    }

    @Override
    public DenseNet3dConfig withTrunk(DenseTrunk t) {
        return new DenseNet3dConfig(t, compression, numClasses, inputFrames, inputSize);
    }

    @Override
    public DenseNet3dConfig withBlockConfig(List<Integer> blocks) {
        return withTrunk(trunk.withBlockConfig(blocks));
    }

    /** @return a copy with another transition compression */
    public DenseNet3dConfig withCompression(double theta) {
        return new DenseNet3dConfig(trunk, theta, numClasses, inputFrames, inputSize);
    }

    @Override
    public String transitionStage(int t) {
        return LayerNames.transition(t);
    }

    /** @return the core config of every transition */
    public Transition3D transition() {
        return new Transition3D(compression, trunk.transitionPoolKernel(), trunk.transitionPoolStride(),
                trunk.batchNorm());
    }

    @Override
    public long transitionOutChannels(int t, long inChannels) {
        return transition().outChannels(inChannels);
    }

    @Override
    public BlockOutput appendTransition(GraphBuilder graph, int t, BlockOutput in) {
        return transition().append(graph, transitionStage(t), in);
    }

    @Override
    public Profile profile() {
        for (Profile p : Profile.values()) {
            if (trunk.stem().poolStride().equals(p.stemPoolStride())) {
                return p;
            }
        }
        return null;
    }

    /** Builder over every knob; starts from a preset. */
    public static final class Builder extends TrunkBuilder<Builder> {
        private double compression;

        private Builder(DenseNet3dConfig base) {
            super(base.trunk, base.numClasses, base.inputFrames, base.inputSize);
            this.compression = base.compression;
        }

        /** @param theta transition compression in (0, 1]; default 0.5 */
        public Builder compression(double theta) {
            this.compression = theta;
            return this;
        }

        /** @param profile applies the profile's stem pool stride */
        public Builder profile(Profile profile) {
            return stem(stem.withPoolStride(profile.stemPoolStride()));
        }

        /** @return the validated configuration */
        public DenseNet3dConfig build() {
            return new DenseNet3dConfig(trunk(), compression, numClasses, inputFrames, inputSize);
        }
    }
}
