package org.t3d.core.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ncdhw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_global_stats;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scale;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_shift;
import static org.t3d.core.layers.OneDnnRuntime.bind;
import static org.t3d.core.layers.OneDnnRuntime.check;
import static org.t3d.core.layers.OneDnnRuntime.execute;

import java.util.Arrays;

import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 NCDHW batch normalisation as oneDNN primitives on the plain layout, cached per {@link Geometry}: the
 * training-mode forward pass (batch statistics and output in one call, instead of libnd4j's {@code Moments} and a
 * separate affine pass; docs/performance.md, section 16) and the backward pass (dx, dγ and dβ in one call, instead of
 * the eight ND4J passes of {@link BatchNormKernels#backward}; section 6). For the backward pass the caller applies
 * the ReLU mask to the output gradient first and passes the statistics the forward pass used. Blocked layouts were
 * measured slower (their reorders cost more than the kernels save).
 */
final class OneDnnBatchNorm3d implements OneDnnCache.Entry {

    static final int MAX_CACHED = 64;

    private static final OneDnnCache<Geometry, OneDnnBatchNorm3d> CACHE = new OneDnnCache<>(MAX_CACHED);

    /**
     * @param shape input shape [N, C, D, H, W]
     * @param eps   ε added to the variance
     */
    record Geometry(long[] shape, float eps) {

        Geometry {
            shape = shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Geometry g && Float.compare(eps, g.eps) == 0 && Arrays.equals(shape, g.shape);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Float.hashCode(eps);
        }

        @Override
        public String toString() {
            return "batchnorm3d backward, input " + Arrays.toString(shape) + ", eps " + eps;
        }
    }

    private final OneDnnResources resources = new OneDnnResources();
    private final dnnl_primitive trainingForward;
    private final dnnl_primitive batchStatistics;
    private final dnnl_primitive fixedStatistics;
    private final dnnl_memory src;
    private final dnnl_memory dst;
    private final dnnl_memory diffDst;
    private final dnnl_memory diffSrc;
    private final dnnl_memory mean;
    private final dnnl_memory variance;
    private final dnnl_memory scale;
    private final dnnl_memory shift;
    private final dnnl_memory diffScale;
    private final dnnl_memory diffShift;

    private OneDnnBatchNorm3d(Geometry g) {
        try {
            OneDnnResources r = resources;
            int affine = dnnl_use_scale | dnnl_use_shift;
            dnnl_memory_desc_t md = r.desc(g.shape(), dnnl_ncdhw);
            trainingForward = r.primitive(forwardDesc(r, md, g.eps(), affine));
            batchStatistics = r.primitive(backwardDesc(r, md, g.eps(), affine));
            fixedStatistics = r.primitive(backwardDesc(r, md, g.eps(), affine | dnnl_use_global_stats));
            src = r.memory(md);
            dst = r.memory(md);
            diffDst = r.memory(md);
            diffSrc = r.memory(md);
            dnnl_memory_desc_t vector = r.desc(new long[] {g.shape()[1]}, dnnl_a);
            mean = r.memory(vector);
            variance = r.memory(vector);
            scale = r.memory(vector);
            shift = r.memory(vector);
            diffScale = r.memory(vector);
            diffShift = r.memory(vector);
        } catch (RuntimeException e) {
            resources.destroy();
            throw e;
        }
    }

    /** A training-mode forward primitive descriptor (batch statistics computed and returned). */
    private static dnnl_primitive_desc forwardDesc(OneDnnResources r, dnnl_memory_desc_t md, float eps, int flags) {
        dnnl_batch_normalization_desc_t fd = r.own(new dnnl_batch_normalization_desc_t());
        check(dnnl_batch_normalization_forward_desc_init(fd, dnnl_forward_training, md, eps, flags),
                "batch norm forward descriptor");
        return r.primitiveDesc(fd, null, "batch norm forward");
    }

    /** A backward primitive descriptor, with the forward one oneDNN requires as its hint. */
    private static dnnl_primitive_desc backwardDesc(OneDnnResources r, dnnl_memory_desc_t md, float eps, int flags) {
        dnnl_primitive_desc hint = forwardDesc(r, md, eps, flags);
        dnnl_batch_normalization_desc_t bd = r.own(new dnnl_batch_normalization_desc_t());
        check(dnnl_batch_normalization_backward_desc_init(bd, dnnl_backward, md, md, eps, flags),
                "batch norm backward descriptor");
        return r.primitiveDesc(bd, hint, "batch norm backward");
    }

    /**
     * @param g the normalisation
     * @return its cached primitives, created on first use
     */
    static OneDnnBatchNorm3d forGeometry(Geometry g) {
        return CACHE.get(g, OneDnnBatchNorm3d::new);
    }

    /**
     * Training-mode forward pass: the batch mean and biased variance of x and y = γ·(x − μ)/√(σ² + ε) + β, in one
     * primitive (libnd4j's {@code Moments} plus the affine pass of {@link OneDnnAffine3d} took 6.3 ms against 3.8 ms on
     * [4, 128, 8, 28, 28]; docs/performance.md, section 16).
     *
     * @param x     input, float32 c-contiguous NCDHW
     * @param gamma γ [C]
     * @param beta  β [C]
     * @param y     output of x's shape, float32 c-contiguous, overwritten
     * @param m     batch mean [C], float32 c-contiguous, overwritten
     * @param v     biased batch variance [C], float32 c-contiguous, overwritten
     */
    void forwardTraining(INDArray x, INDArray gamma, INDArray beta, INDArray y, INDArray m, INDArray v) {
        synchronized (OneDnnRuntime.LOCK) {
            OneDnnRuntime.run(() -> {
                bind(src, x);
                bind(dst, y);
                bind(mean, m);
                bind(variance, v);
                bind(scale, gamma);
                bind(shift, beta);
                execute(trainingForward, DNNL_ARG_SRC, src, DNNL_ARG_DST, dst, DNNL_ARG_MEAN, mean,
                        DNNL_ARG_VARIANCE, variance, DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT, shift);
            });
        }
    }

    /**
     * Backward pass of y = γ·(x − μ)/√(σ² + ε) + β.
     *
     * @param x      the forward input, float32 c-contiguous NCDHW
     * @param dy     gradient of y (ReLU mask already applied), float32 c-contiguous NCDHW
     * @param m      the mean the forward pass used [C]: the batch mean in training, the running mean in inference
     * @param v      the variance the forward pass used [C]: biased batch variance or running variance
     * @param gamma  γ [C]
     * @param beta   β [C]
     * @param batch  true when the forward pass used batch statistics (their dependence on x is differentiated)
     * @param dx     input gradient, float32 c-contiguous NCDHW, overwritten
     * @param dGamma γ gradient [C], overwritten
     * @param dBeta  β gradient [C], overwritten
     */
    void backward(INDArray x, INDArray dy, INDArray m, INDArray v, INDArray gamma, INDArray beta, boolean batch,
            INDArray dx, INDArray dGamma, INDArray dBeta) {
        synchronized (OneDnnRuntime.LOCK) {
            OneDnnRuntime.run(() -> {
                bind(src, x);
                bind(diffDst, dy);
                bind(diffSrc, dx);
                bind(mean, m);
                bind(variance, v);
                bind(scale, gamma);
                bind(shift, beta);
                bind(diffScale, dGamma);
                bind(diffShift, dBeta);
                execute(batch ? batchStatistics : fixedStatistics, DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, diffDst,
                        DNNL_ARG_MEAN, mean, DNNL_ARG_VARIANCE, variance, DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT,
                        shift, DNNL_ARG_DIFF_SRC, diffSrc, DNNL_ARG_DIFF_SCALE, diffScale, DNNL_ARG_DIFF_SHIFT,
                        diffShift);
            });
        }
    }

    @Override
    public void destroy() {
        resources.destroy();
    }
}
