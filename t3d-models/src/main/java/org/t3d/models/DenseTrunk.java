package org.t3d.models;

import java.util.List;
import java.util.Objects;

import org.t3d.core.blocks.BatchNormSettings;
import org.t3d.core.blocks.DenseBlock3D;
import org.t3d.core.blocks.DenseLayer3D;
import org.t3d.core.blocks.Dims3;

/**
 * The knobs shared by DenseNet3D and T3D: stem, dense blocks, transition pooling and batch-norm constants.
 *
 * <pre>
 *   stem ─► denseblock1 ─► transition1|ttl1 ─► denseblock2 ─► … ─► denseblockB ─► norm5 ─► ReLU ─► global avg pool ─► fc
 * </pre>
 *
 * @param growthRate           k, channels added per dense layer (32)
 * @param blockConfig          dense-layer count of every block, e.g. (6,12,24,16) for 121
 * @param numInitFeatures      output channels of the stem conv (64)
 * @param bnSize               bottleneck factor, bottleneck = bnSize·k (4)
 * @param dropRate             dropout after each dense layer's 3×3×3 conv (0)
 * @param inChannels           input channels (3, RGB)
 * @param stem                 the stem
 * @param transitionPoolKernel average-pool kernel of transitions and TTLs ((2,2,2))
 * @param transitionPoolStride average-pool stride of transitions and TTLs ((2,2,2))
 * @param batchNorm            eps / momentum of every BN (PyTorch 1e-5 / 0.1)
 */
public record DenseTrunk(int growthRate, List<Integer> blockConfig, int numInitFeatures, int bnSize, double dropRate,
        int inChannels, StemConfig stem, Dims3 transitionPoolKernel, Dims3 transitionPoolStride,
        BatchNormSettings batchNorm) {

    /** DenseNet-121 blocks (6,12,24,16). */
    public static final List<Integer> BLOCKS_121 = List.of(6, 12, 24, 16);
    /** DenseNet-169 blocks (6,12,32,32). */
    public static final List<Integer> BLOCKS_169 = List.of(6, 12, 32, 32);
    /** DenseNet-201 blocks (6,12,48,32). */
    public static final List<Integer> BLOCKS_201 = List.of(6, 12, 48, 32);
    /** DenseNet-264 blocks (6,12,64,48). */
    public static final List<Integer> BLOCKS_264 = List.of(6, 12, 64, 48);

    /** The paper-profile 121 trunk: k = 32, blocks (6,12,24,16), 64 init features, bn_size 4, no dropout. */
    public static final DenseTrunk PAPER_121 = new DenseTrunk(32, BLOCKS_121, 64, 4, 0.0, 3, StemConfig.PAPER,
            Dims3.cube(2), Dims3.cube(2), BatchNormSettings.DEFAULT);

    /** Validates the fields and copies the block list. */
    public DenseTrunk {
        if (growthRate < 1) {
            throw new IllegalArgumentException("growth rate must be >= 1, got " + growthRate);
        }
        Objects.requireNonNull(blockConfig, "blockConfig");
        if (blockConfig.isEmpty()) {
            throw new IllegalArgumentException("block config must list at least one dense block");
        }
        for (Integer n : blockConfig) {
            if (n == null || n < 1) {
                throw new IllegalArgumentException("every dense block needs >= 1 layer, got " + blockConfig);
            }
        }
        blockConfig = List.copyOf(blockConfig);
        if (numInitFeatures < 1) {
            throw new IllegalArgumentException("num init features must be >= 1, got " + numInitFeatures);
        }
        if (bnSize < 1) {
            throw new IllegalArgumentException("bn size must be >= 1, got " + bnSize);
        }
        if (!(dropRate >= 0 && dropRate < 1)) {
            throw new IllegalArgumentException("drop rate must be in [0, 1), got " + dropRate);
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException("in channels must be >= 1, got " + inChannels);
        }
        Objects.requireNonNull(stem, "stem");
        Objects.requireNonNull(transitionPoolKernel, "transitionPoolKernel");
        Objects.requireNonNull(transitionPoolStride, "transitionPoolStride");
        if (!transitionPoolKernel.positive() || !transitionPoolStride.positive()) {
            throw new IllegalArgumentException("transition pool kernel/stride must be positive, got "
                    + transitionPoolKernel + " / " + transitionPoolStride);
        }
        Objects.requireNonNull(batchNorm, "batchNorm");
    }

    /** @return the number of dense blocks */
    public int numBlocks() {
        return blockConfig.size();
    }

    /** @return the core config of dense block {@code b} (1-based) */
    public DenseBlock3D block(int b) {
        DenseLayer3D layer = DenseLayer3D.builder().growthRate(growthRate).bnSize(bnSize).dropRate(dropRate)
                .bn(batchNorm).build();
        return new DenseBlock3D(blockConfig.get(b - 1), layer);
    }

    /** @return a copy with another block tuple */
    public DenseTrunk withBlockConfig(List<Integer> blocks) {
        return new DenseTrunk(growthRate, blocks, numInitFeatures, bnSize, dropRate, inChannels, stem,
                transitionPoolKernel, transitionPoolStride, batchNorm);
    }

    /** @return a copy with another growth rate */
    public DenseTrunk withGrowthRate(int k) {
        return new DenseTrunk(k, blockConfig, numInitFeatures, bnSize, dropRate, inChannels, stem,
                transitionPoolKernel, transitionPoolStride, batchNorm);
    }

    /** @return a copy with another number of stem output channels */
    public DenseTrunk withNumInitFeatures(int c) {
        return new DenseTrunk(growthRate, blockConfig, c, bnSize, dropRate, inChannels, stem, transitionPoolKernel,
                transitionPoolStride, batchNorm);
    }

    /** @return a copy with another bottleneck factor */
    public DenseTrunk withBnSize(int s) {
        return new DenseTrunk(growthRate, blockConfig, numInitFeatures, s, dropRate, inChannels, stem,
                transitionPoolKernel, transitionPoolStride, batchNorm);
    }

    /** @return a copy with another dense-layer dropout */
    public DenseTrunk withDropRate(double p) {
        return new DenseTrunk(growthRate, blockConfig, numInitFeatures, bnSize, p, inChannels, stem,
                transitionPoolKernel, transitionPoolStride, batchNorm);
    }

    /** @return a copy with another number of input channels */
    public DenseTrunk withInChannels(int c) {
        return new DenseTrunk(growthRate, blockConfig, numInitFeatures, bnSize, dropRate, c, stem,
                transitionPoolKernel, transitionPoolStride, batchNorm);
    }

    /** @return a copy with another stem */
    public DenseTrunk withStem(StemConfig s) {
        return new DenseTrunk(growthRate, blockConfig, numInitFeatures, bnSize, dropRate, inChannels, s,
                transitionPoolKernel, transitionPoolStride, batchNorm);
    }

    /** @return a copy with another transition / TTL average pool */
    public DenseTrunk withTransitionPool(Dims3 kernel, Dims3 stride) {
        return new DenseTrunk(growthRate, blockConfig, numInitFeatures, bnSize, dropRate, inChannels, stem, kernel,
                stride, batchNorm);
    }

    /** @return a copy with other batch-norm constants */
    public DenseTrunk withBatchNorm(BatchNormSettings bn) {
        return new DenseTrunk(growthRate, blockConfig, numInitFeatures, bnSize, dropRate, inChannels, stem,
                transitionPoolKernel, transitionPoolStride, bn);
    }
}
