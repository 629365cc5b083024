package org.t3d.core.blocks;

import java.util.Objects;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;

/**
 * DenseNet transition in 3D: BN → ReLU → Conv 1×1×1 to ⌊θ·C⌋ channels → average pool (default 2×2×2, stride 2,
 * no padding, floor).
 *
 * <pre>
 *   x [C] ─► norm BN+ReLU ─► conv 1×1×1 → ⌊θC⌋ ─► pool AvgPool(2,2,2)/2 ─► [⌊θC⌋, T/2, H/2, W/2]
 * </pre>
 *
 * @param compression θ in (0, 1]
 * @param poolKernel  average-pool kernel (T, H, W)
 * @param poolStride  average-pool stride (T, H, W)
 * @param bn          batch-norm constants
 */
public record Transition3D(double compression, Dims3 poolKernel, Dims3 poolStride, BatchNormSettings bn) {

    /** Validates the fields. */
    public Transition3D {
        if (!(compression > 0 && compression <= 1)) {
            throw new IllegalArgumentException("compression must be in (0, 1], got " + compression);
        }
        Objects.requireNonNull(poolKernel, "poolKernel");
        Objects.requireNonNull(poolStride, "poolStride");
        Objects.requireNonNull(bn, "bn");
        if (!poolKernel.positive() || !poolStride.positive()) {
            throw new IllegalArgumentException("pool kernel/stride must be positive, got " + poolKernel + " / "
                    + poolStride);
        }
    }

    /** @return θ = 0.5, AvgPool (2,2,2) stride 2, PyTorch BN constants */
    public static Transition3D standard() {
        return new Transition3D(0.5, Dims3.cube(2), Dims3.cube(2), BatchNormSettings.DEFAULT);
    }

    /** @return ⌊θ·C⌋ */
    public long outChannels(long inChannels) {
        long out = (long) Math.floor(compression * inChannels);
        if (out < 1) {
            throw new IllegalArgumentException("compression " + compression + " of " + inChannels
                    + " channels leaves no channel");
        }
        return out;
    }

    /**
     * Appends {@code <prefix>/norm}, {@code <prefix>/conv}, {@code <prefix>/pool}.
     *
     * @return the pool's output
     */
    public BlockOutput append(GraphBuilder graph, String prefix, BlockOutput in) {
        BnReluConv conv = BnReluConv.of((int) outChannels(in.channels()), Dims3.cube(1), Dims3.cube(0), bn);
        BlockOutput c = conv.append(graph, LayerNames.join(prefix, "norm"), LayerNames.join(prefix, "pad"),
                LayerNames.join(prefix, "conv"), in);
        return Pooling3D.append(graph, LayerNames.join(prefix, "pool"), c, Subsampling3DLayer.PoolingType.AVG,
                poolKernel, poolStride, Dims3.cube(0));
    }
}
