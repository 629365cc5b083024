package org.t3d.models;

import java.util.Objects;

import org.t3d.core.blocks.Dims3;

/**
 * The stem: Conv (no bias) → BN → ReLU → max pool. All triples are (T, H, W).
 *
 * <pre>
 *   input [3] ─► stem/conv k=(3,7,7) s=(2,2,2) p=(1,3,3) ─► stem/norm BN+ReLU ─► stem/pool max k=(3,3,3) s=(1,2,2) p=(1,1,1)
 * </pre>
 *
 * <p>The max pool pads with zeros, which equals PyTorch's −∞ padding because its input is post-ReLU.
 *
 * @param convKernel  conv kernel
 * @param convStride  conv stride
 * @param convPadding conv zero padding (symmetric)
 * @param poolKernel  max-pool kernel
 * @param poolStride  max-pool stride (the profile knob: (1,2,2) paper, (2,2,2) official)
 * @param poolPadding max-pool padding (symmetric)
 */
public record StemConfig(Dims3 convKernel, Dims3 convStride, Dims3 convPadding, Dims3 poolKernel, Dims3 poolStride,
        Dims3 poolPadding) {

    /** The paper stem: conv (3,7,7)/s(2,2,2)/p(1,3,3), max pool (3,3,3)/s(1,2,2)/p(1,1,1). */
    public static final StemConfig PAPER = new StemConfig(Dims3.of(3, 7, 7), Dims3.cube(2), Dims3.of(1, 3, 3),
            Dims3.cube(3), Dims3.of(1, 2, 2), Dims3.cube(1));

    /** The official-code stem: as {@link #PAPER} with max-pool stride (2,2,2). */
    public static final StemConfig OFFICIAL = PAPER.withPoolStride(Dims3.cube(2));

    /** Validates the fields. */
    public StemConfig {
        Objects.requireNonNull(convKernel, "convKernel");
        Objects.requireNonNull(convStride, "convStride");
        Objects.requireNonNull(convPadding, "convPadding");
        Objects.requireNonNull(poolKernel, "poolKernel");
        Objects.requireNonNull(poolStride, "poolStride");
        Objects.requireNonNull(poolPadding, "poolPadding");
        if (!convKernel.positive() || !convStride.positive() || !poolKernel.positive() || !poolStride.positive()) {
            throw new IllegalArgumentException("stem kernels and strides must be positive, got conv " + convKernel
                    + "/" + convStride + ", pool " + poolKernel + "/" + poolStride);
        }
        if (2 * poolPadding.t() > poolKernel.t() || 2 * poolPadding.h() > poolKernel.h()
                || 2 * poolPadding.w() > poolKernel.w()) {
            throw new IllegalArgumentException("stem pool padding " + poolPadding + " must be at most half the kernel "
                    + poolKernel);
        }
    }

    /** @return a copy with another max-pool stride */
    public StemConfig withPoolStride(Dims3 stride) {
        return new StemConfig(convKernel, convStride, convPadding, poolKernel, stride, poolPadding);
    }

    /** @return a copy with another conv kernel, stride and padding */
    public StemConfig withConv(Dims3 kernel, Dims3 stride, Dims3 padding) {
        return new StemConfig(kernel, stride, padding, poolKernel, poolStride, poolPadding);
    }

    /** @return a copy with another max-pool kernel, stride and padding */
    public StemConfig withPool(Dims3 kernel, Dims3 stride, Dims3 padding) {
        return new StemConfig(convKernel, convStride, convPadding, kernel, stride, padding);
    }
}
