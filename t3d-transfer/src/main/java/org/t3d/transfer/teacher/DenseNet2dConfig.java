package org.t3d.transfer.teacher;

import java.util.List;
import java.util.Objects;

import org.t3d.core.blocks.BatchNormSettings;

/**
 * Configuration of a torchvision-style 2D DenseNet-BC, the teacher of supervision transfer.
 *
 * <p>Defaults are torchvision's {@code densenet121}: growth rate 32, blocks (6, 12, 24, 16), 64 initial features,
 * bottleneck factor 4, transition compression 0.5 (floor), stem conv 7×7/s2/p3 → BN → ReLU → max pool 3×3/s2/p1,
 * head BN ("norm5") → ReLU → global average pool. The teacher of T3D's supervision transfer uses no classifier
 * ({@code numClasses = 0}); a classifier is only needed to check the network against torchvision logits.
 *
 * @param growthRate      k, channels added per dense layer
 * @param blockConfig     number of dense layers per block (at least one block)
 * @param numInitFeatures output channels of the stem convolution
 * @param bnSize          bottleneck factor (the 1×1 conv outputs bnSize·k channels)
 * @param compression     transition compression θ in (0, 1], output channels ⌊θ·C⌋
 * @param inChannels      input channels (3 for RGB)
 * @param numClasses      classifier outputs, or 0 for no classifier (the transfer teacher)
 * @param bn              batch-norm constants (PyTorch eps 1e-5, momentum 0.1)
 */
public record DenseNet2dConfig(int growthRate, List<Integer> blockConfig, int numInitFeatures, int bnSize,
        double compression, int inChannels, int numClasses, BatchNormSettings bn) {

    /** torchvision {@code densenet121} without its classifier: 1024-d features, 6,953,856 parameters. */
    public static final DenseNet2dConfig DENSENET_121 = builder().build();
    /** torchvision {@code densenet169} without its classifier: 1664-d features. */
    public static final DenseNet2dConfig DENSENET_169 = builder().blockConfig(6, 12, 32, 32).build();
    /** torchvision {@code densenet201} without its classifier: 1920-d features. */
    public static final DenseNet2dConfig DENSENET_201 = builder().blockConfig(6, 12, 48, 32).build();
    /** torchvision {@code densenet161} without its classifier: 2208-d features. */
    public static final DenseNet2dConfig DENSENET_161 = builder().growthRate(48).blockConfig(6, 12, 36, 24)
            .numInitFeatures(96).build();

    /** Validates the fields and copies the block list. */
    public DenseNet2dConfig {
        if (growthRate < 1) {
            throw new IllegalArgumentException("growthRate must be >= 1, got " + growthRate);
        }
        Objects.requireNonNull(blockConfig, "blockConfig");
        blockConfig = List.copyOf(blockConfig);
        if (blockConfig.isEmpty() || blockConfig.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("blockConfig needs at least one block and >= 1 layer per block, got "
                    + blockConfig);
        }
        if (numInitFeatures < 1 || bnSize < 1 || inChannels < 1) {
            throw new IllegalArgumentException("numInitFeatures, bnSize and inChannels must be >= 1, got "
                    + numInitFeatures + ", " + bnSize + ", " + inChannels);
        }
        if (!(compression > 0 && compression <= 1)) {
            throw new IllegalArgumentException("compression must be in (0, 1], got " + compression);
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("numClasses must be >= 0 (0 = no classifier), got " + numClasses);
        }
        Objects.requireNonNull(bn, "bn");
    }

    /** @return a builder with torchvision {@code densenet121} defaults and no classifier */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this config */
    public Builder toBuilder() {
        return new Builder().growthRate(growthRate).blockConfig(blockConfig).numInitFeatures(numInitFeatures)
                .bnSize(bnSize).compression(compression).inChannels(inChannels).numClasses(numClasses).bn(bn);
    }

    /** @return a copy with {@code numClasses} classifier outputs (0 = none) */
    public DenseNet2dConfig withNumClasses(int classes) {
        return toBuilder().numClasses(classes).build();
    }

    /** @return channels after dense block {@code b} (1-based) */
    public long channelsAfterBlock(int b) {
        long c = numInitFeatures;
        for (int i = 1; i <= b; i++) {
            c += (long) blockConfig.get(i - 1) * growthRate;
            if (i < b) {
                c = transitionOut(c);
            }
        }
        return c;
    }

    /** @return ⌊θ·C⌋, the output channels of a transition fed {@code c} channels */
    public long transitionOut(long c) {
        return (long) Math.floor(compression * c);
    }

    /** @return width of the pooled feature vector (1024 for DenseNet-121) */
    public long featureDim() {
        return channelsAfterBlock(blockConfig.size());
    }

    /** Builder for {@link DenseNet2dConfig}. */
    public static final class Builder {
        private int growthRate = 32;
        private List<Integer> blockConfig = List.of(6, 12, 24, 16);
        private int numInitFeatures = 64;
        private int bnSize = 4;
        private double compression = 0.5;
        private int inChannels = 3;
        private int numClasses = 0;
        private BatchNormSettings bn = BatchNormSettings.DEFAULT;

        private Builder() {
        }

        /** @param k growth rate; default 32 */
        public Builder growthRate(int k) {
            this.growthRate = k;
            return this;
        }

        /** @param layers layers per dense block; default (6, 12, 24, 16) */
        public Builder blockConfig(int... layers) {
            this.blockConfig = java.util.Arrays.stream(layers).boxed().toList();
            return this;
        }

        /** @param layers layers per dense block; default (6, 12, 24, 16) */
        public Builder blockConfig(List<Integer> layers) {
            this.blockConfig = layers;
            return this;
        }

        /** @param n stem output channels; default 64 */
        public Builder numInitFeatures(int n) {
            this.numInitFeatures = n;
            return this;
        }

        /** @param n bottleneck factor; default 4 */
        public Builder bnSize(int n) {
            this.bnSize = n;
            return this;
        }

        /** @param theta transition compression; default 0.5 */
        public Builder compression(double theta) {
            this.compression = theta;
            return this;
        }

        /** @param c input channels; default 3 */
        public Builder inChannels(int c) {
            this.inChannels = c;
            return this;
        }

        /** @param n classifier outputs, 0 = none; default 0 */
        public Builder numClasses(int n) {
            this.numClasses = n;
            return this;
        }

        /** @param bn batch-norm constants; default PyTorch's */
        public Builder bn(BatchNormSettings bn) {
            this.bn = bn;
            return this;
        }

        /** @return the validated config */
        public DenseNet2dConfig build() {
            return new DenseNet2dConfig(growthRate, blockConfig, numInitFeatures, bnSize, compression, inChannels,
                    numClasses, bn);
        }
    }
}
