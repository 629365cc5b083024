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
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_fuse_norm_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nCdhw16c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nCdhw8c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ncdhw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_workspace_md;
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
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 NCDHW batch normalisation as oneDNN primitives, cached per {@link Geometry}: the training-mode forward pass
 * (batch statistics and output in one call, ReLU fused, instead of libnd4j's {@code Moments} and a separate affine
 * pass; docs/performance.md, section 16) and the backward pass (dx, dγ and dβ in one call, instead of the eight ND4J
 * passes of {@link BatchNormKernels#backward}; section 6). For the backward pass the caller passes the statistics the
 * forward pass used, and either the fused ReLU's mask kept from the forward pass (the primitive applies it; section
 * 18) or an output gradient with the ReLU mask already applied.
 *
 * <p>The kernels run in oneDNN's blocked layout ({@code nCdhw16c}, or {@code nCdhw8c} where that is the one with a JIT
 * kernel): its plain-layout kernel ({@code ncsp_bnorm}) is 5–7× slower, more than the reorders into and out of the
 * blocked layout cost (section 17). The blocked copies are temporaries from the caller's DL4J workspace, one in the
 * forward pass (normalised in place) and two in the backward pass (dx overwrites the blocked dy). Where no blocked JIT
 * kernel exists, the plain layout is used directly.
 */
final class OneDnnBatchNorm3d implements OneDnnCache.Entry {

    /**
     * One entry per input shape: every dense layer's batch norms see another channel count (DenseNet3D-121 about 70
     * shapes, -169 about 90, -264 about 140). A cache smaller than a model's set re-creates primitives every step.
     */
    static final int MAX_CACHED = 256;

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
            return "batchnorm3d input " + Arrays.toString(shape) + ", eps " + eps;
        }
    }

    private final OneDnnResources resources = new OneDnnResources();
    private final String implementation;
    private final boolean blocked;
    private final long blockedFloats;
    private final long workspaceFloats;
    private final dnnl_primitive trainingForward;
    private final dnnl_primitive trainingForwardRelu;
    private final dnnl_primitive batchStatistics;
    private final dnnl_primitive batchStatisticsRelu;
    private final dnnl_primitive fixedStatistics;
    private final dnnl_primitive toBlocked;
    private final dnnl_primitive toPlain;
    private final dnnl_memory plainIn;
    private final dnnl_memory plainDiff;
    private final dnnl_memory plainOut;
    private final dnnl_memory blockedA;
    private final dnnl_memory blockedB;
    private final dnnl_memory workspace;
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
            dnnl_memory_desc_t plain = r.desc(g.shape(), dnnl_ncdhw);
            dnnl_memory_desc_t md = plain;
            dnnl_primitive_desc fpd = null;
            for (int tag : new int[] {dnnl_nCdhw16c, dnnl_nCdhw8c}) {
                dnnl_memory_desc_t candidate = r.desc(g.shape(), tag);
                dnnl_primitive_desc pd = forwardDesc(r, candidate, g.eps(), affine);
                if (OneDnnResources.implementation(pd).contains("jit")) {
                    md = candidate;
                    fpd = pd;
                    break;
                }
            }
            blocked = md != plain;
            if (fpd == null) {
                fpd = forwardDesc(r, plain, g.eps(), affine);
            }
            implementation = OneDnnResources.implementation(fpd);
            trainingForward = r.primitive(fpd);
            dnnl_primitive_desc rpd = forwardDesc(r, md, g.eps(), affine | dnnl_fuse_norm_relu);
            trainingForwardRelu = r.primitive(rpd);
            dnnl_memory_desc_t wsMd = dnnl_primitive_desc_query_md(rpd, dnnl_query_workspace_md, 0);
            workspaceFloats = (dnnl_memory_desc_get_size(wsMd) + Float.BYTES - 1) / Float.BYTES;
            workspace = r.memory(wsMd);
            batchStatistics = r.primitive(backwardDesc(r, md, g.eps(), affine));
            batchStatisticsRelu = r.primitive(backwardDesc(r, md, g.eps(), affine | dnnl_fuse_norm_relu));
            fixedStatistics = r.primitive(backwardDesc(r, md, g.eps(), affine | dnnl_use_global_stats));
            plainIn = r.memory(plain);
            plainDiff = r.memory(plain);
            plainOut = r.memory(plain);
            if (blocked) {
                blockedFloats = (dnnl_memory_desc_get_size(md) + Float.BYTES - 1) / Float.BYTES;
                blockedA = r.memory(md);
                blockedB = r.memory(md);
                toBlocked = r.reorder(plain, md);
                toPlain = r.reorder(md, plain);
            } else {
                blockedFloats = 0;
                blockedA = null;
                blockedB = null;
                toBlocked = null;
                toPlain = null;
            }
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

    /** @return the oneDNN implementation of the forward pass (e.g. {@code bnorm_jit:avx512_common}) */
    String implementation() {
        return implementation;
    }

    /** @return true when the kernels run in a blocked layout (with reorders through workspace temporaries) */
    boolean blocked() {
        return blocked;
    }

    /**
     * @return floats of the fused ReLU's workspace (its mask, one bit per element in oneDNN 2.5): what
     *         {@link #forwardTraining} writes into {@code reluWorkspace} and {@link #backward} reads back
     */
    long reluWorkspaceFloats() {
        return workspaceFloats;
    }

    private INDArray temporary(LayerWorkspaceMgr mgr, ArrayType type, long floats) {
        return mgr.createUninitialized(type, DataType.FLOAT, new long[] {floats}, 'c');
    }

    /**
     * Training-mode forward pass: the batch mean and biased variance of x and y = γ·(x − μ)/√(σ² + ε) + β, with the
     * ReLU fused if asked, in one primitive (libnd4j's {@code Moments} plus the affine pass of {@link OneDnnAffine3d}
     * took 6.3 ms against 3.8 ms on [4, 128, 8, 28, 28] in the plain layout; docs/performance.md, section 16).
     *
     * @param x     input, float32 c-contiguous NCDHW
     * @param gamma γ [C]
     * @param beta  β [C]
     * @param relu  true for y = ReLU(...)
     * @param y     output of x's shape, float32 c-contiguous, overwritten
     * @param m     batch mean [C], float32 c-contiguous, overwritten
     * @param v     biased batch variance [C], float32 c-contiguous, overwritten
     * @param mgr   workspace manager for the temporaries
     * @param tmp   their array type ({@code FF_WORKING_MEM})
     * @param reluWorkspace where the fused ReLU's mask goes (float32, {@link #reluWorkspaceFloats()} long) for a
     *              {@link #backward} with the ReLU fused; null = a temporary
     */
    void forwardTraining(INDArray x, INDArray gamma, INDArray beta, boolean relu, INDArray y, INDArray m, INDArray v,
            LayerWorkspaceMgr mgr, ArrayType tmp, INDArray reluWorkspace) {
        if (reluWorkspace != null && (!relu || reluWorkspace.length() < workspaceFloats)) {
            throw new IllegalArgumentException("ReLU workspace of " + reluWorkspace.length() + " floats for "
                    + (relu ? workspaceFloats + " needed" : "a pass without ReLU"));
        }
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            INDArray data = blocked ? temporary(mgr, tmp, blockedFloats) : null;
            INDArray ws = !relu ? null : reluWorkspace != null ? reluWorkspace : temporary(mgr, tmp, workspaceFloats);
            OneDnnRuntime.run(() -> {
                bind(plainIn, x);
                bind(plainOut, y);
                dnnl_memory in = plainIn;
                dnnl_memory out = plainOut;
                if (blocked) {
                    bind(blockedA, data);
                    execute(toBlocked, DNNL_ARG_FROM, plainIn, DNNL_ARG_TO, blockedA);
                    in = blockedA;
                    out = blockedA; // normalised in place
                }
                bind(mean, m);
                bind(variance, v);
                bind(scale, gamma);
                bind(shift, beta);
                if (relu) {
                    bind(workspace, ws);
                    execute(trainingForwardRelu, DNNL_ARG_SRC, in, DNNL_ARG_DST, out, DNNL_ARG_MEAN, mean,
                            DNNL_ARG_VARIANCE, variance, DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT, shift,
                            DNNL_ARG_WORKSPACE, workspace);
                } else {
                    execute(trainingForward, DNNL_ARG_SRC, in, DNNL_ARG_DST, out, DNNL_ARG_MEAN, mean,
                            DNNL_ARG_VARIANCE, variance, DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT, shift);
                }
                if (blocked) {
                    execute(toPlain, DNNL_ARG_FROM, blockedA, DNNL_ARG_TO, plainOut);
                }
            });
        }
    }

    /**
     * Backward pass of y = γ·(x − μ)/√(σ² + ε) + β.
     *
     * @param x      the forward input, float32 c-contiguous NCDHW
     * @param dy     gradient of y, float32 c-contiguous NCDHW: of the ReLU output when {@code reluWorkspace} is
     *               given (the primitive applies the mask), else with the ReLU mask already applied
     * @param m      the mean the forward pass used [C]: the batch mean in training, the running mean in inference
     * @param v      the variance the forward pass used [C]: biased batch variance or running variance
     * @param gamma  γ [C]
     * @param beta   β [C]
     * @param batch  true when the forward pass used batch statistics (their dependence on x is differentiated)
     * @param dx     input gradient, float32 c-contiguous NCDHW, overwritten
     * @param dGamma γ gradient [C], overwritten
     * @param dBeta  β gradient [C], overwritten
     * @param mgr    workspace manager for the temporaries ({@code BP_WORKING_MEM})
     * @param reluWorkspace the mask a ReLU-fused {@link #forwardTraining} wrote (batch statistics only), or null
     */
    void backward(INDArray x, INDArray dy, INDArray m, INDArray v, INDArray gamma, INDArray beta, boolean batch,
            INDArray dx, INDArray dGamma, INDArray dBeta, LayerWorkspaceMgr mgr, INDArray reluWorkspace) {
        if (reluWorkspace != null && (!batch || reluWorkspace.length() < workspaceFloats)) {
            throw new IllegalArgumentException("a ReLU workspace needs batch statistics and " + workspaceFloats
                    + " floats, got " + reluWorkspace.length() + (batch ? "" : " with fixed statistics"));
        }
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            INDArray src = blocked ? temporary(mgr, ArrayType.BP_WORKING_MEM, blockedFloats) : null;
            INDArray diff = blocked ? temporary(mgr, ArrayType.BP_WORKING_MEM, blockedFloats) : null;
            OneDnnRuntime.run(() -> {
                bind(plainIn, x);
                bind(plainDiff, dy);
                bind(plainOut, dx);
                dnnl_memory in = plainIn;
                dnnl_memory diffIn = plainDiff;
                dnnl_memory diffOut = plainOut;
                if (blocked) {
                    bind(blockedA, src);
                    bind(blockedB, diff);
                    execute(toBlocked, DNNL_ARG_FROM, plainIn, DNNL_ARG_TO, blockedA);
                    execute(toBlocked, DNNL_ARG_FROM, plainDiff, DNNL_ARG_TO, blockedB);
                    in = blockedA;
                    diffIn = blockedB;
                    diffOut = blockedB; // dx overwrites the blocked dy
                }
                bind(mean, m);
                bind(variance, v);
                bind(scale, gamma);
                bind(shift, beta);
                bind(diffScale, dGamma);
                bind(diffShift, dBeta);
                if (reluWorkspace != null) {
                    bind(workspace, reluWorkspace);
                    execute(batchStatisticsRelu, DNNL_ARG_SRC, in, DNNL_ARG_DIFF_DST, diffIn, DNNL_ARG_MEAN, mean,
                            DNNL_ARG_VARIANCE, variance, DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT, shift,
                            DNNL_ARG_WORKSPACE, workspace, DNNL_ARG_DIFF_SRC, diffOut, DNNL_ARG_DIFF_SCALE, diffScale,
                            DNNL_ARG_DIFF_SHIFT, diffShift);
                } else {
                    execute(batch ? batchStatistics : fixedStatistics, DNNL_ARG_SRC, in, DNNL_ARG_DIFF_DST, diffIn,
                            DNNL_ARG_MEAN, mean, DNNL_ARG_VARIANCE, variance, DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT,
                            shift, DNNL_ARG_DIFF_SRC, diffOut, DNNL_ARG_DIFF_SCALE, diffScale, DNNL_ARG_DIFF_SHIFT,
                            diffShift);
                }
                if (blocked) {
                    execute(toPlain, DNNL_ARG_FROM, blockedB, DNNL_ARG_TO, plainOut);
                }
            });
        }
    }

    @Override
    public void destroy() {
        resources.destroy();
    }
}
