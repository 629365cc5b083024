package org.t3d.models;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.t3d.core.blocks.BatchNormSettings;
import org.t3d.core.blocks.Dims3;

/**
 * Setters for the trunk and head knobs shared by {@link DenseNet3dConfig.Builder} and {@link T3dConfig.Builder}.
 *
 * @param <B> the concrete builder
 */
public abstract class TrunkBuilder<B extends TrunkBuilder<B>> {
    int growthRate;
    List<Integer> blockConfig;
    int numInitFeatures;
    int bnSize;
    double dropRate;
    int inChannels;
    StemConfig stem;
    Dims3 poolKernel;
    Dims3 poolStride;
    BatchNormSettings batchNorm;
    int numClasses;
    int inputFrames;
    int inputSize;

    TrunkBuilder(DenseTrunk t, int numClasses, int inputFrames, int inputSize) {
        this.growthRate = t.growthRate();
        this.blockConfig = t.blockConfig();
        this.numInitFeatures = t.numInitFeatures();
        this.bnSize = t.bnSize();
        this.dropRate = t.dropRate();
        this.inChannels = t.inChannels();
        this.stem = t.stem();
        this.poolKernel = t.transitionPoolKernel();
        this.poolStride = t.transitionPoolStride();
        this.batchNorm = t.batchNorm();
        this.numClasses = numClasses;
        this.inputFrames = inputFrames;
        this.inputSize = inputSize;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** @param k growth rate; default 32 */
    public B growthRate(int k) {
        this.growthRate = k;
        return self();
    }

    /** @param layers dense-layer count per block; default (6,12,24,16) */
    public B blockConfig(int... layers) {
        this.blockConfig = Arrays.stream(layers).boxed().toList();
        return self();
    }

    /** @param layers dense-layer count per block */
    public B blockConfig(List<Integer> layers) {
        this.blockConfig = List.copyOf(Objects.requireNonNull(layers, "blockConfig"));
        return self();
    }

    /** @param c stem output channels; default 64 */
    public B numInitFeatures(int c) {
        this.numInitFeatures = c;
        return self();
    }

    /** @param s bottleneck factor; default 4 */
    public B bnSize(int s) {
        this.bnSize = s;
        return self();
    }

    /** @param p dense-layer dropout; default 0 */
    public B dropRate(double p) {
        this.dropRate = p;
        return self();
    }

    /** @param c input channels; default 3 */
    public B inChannels(int c) {
        this.inChannels = c;
        return self();
    }

    /** @param s the stem; default {@link StemConfig#PAPER} */
    public B stem(StemConfig s) {
        this.stem = Objects.requireNonNull(s, "stem");
        return self();
    }

    /**
     * @param kernel transition/TTL average-pool kernel, default (2,2,2)
     * @param stride its stride, default (2,2,2)
     */
    public B transitionPool(Dims3 kernel, Dims3 stride) {
        this.poolKernel = kernel;
        this.poolStride = stride;
        return self();
    }

    /** @param bn batch-norm eps and momentum; default PyTorch's */
    public B batchNorm(BatchNormSettings bn) {
        this.batchNorm = Objects.requireNonNull(bn, "batchNorm");
        return self();
    }

    /** @param n classifier outputs; default 400 */
    public B numClasses(int n) {
        this.numClasses = n;
        return self();
    }

    /**
     * @param frames nominal clip length, default 32
     * @param size   nominal clip height = width, default 224
     */
    public B input(int frames, int size) {
        this.inputFrames = frames;
        this.inputSize = size;
        return self();
    }

    DenseTrunk trunk() {
        return new DenseTrunk(growthRate, blockConfig, numInitFeatures, bnSize, dropRate, inChannels, stem, poolKernel,
                poolStride, batchNorm);
    }
}
