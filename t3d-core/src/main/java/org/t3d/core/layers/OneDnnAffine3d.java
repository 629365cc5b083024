package org.t3d.core.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_add;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_mul;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ncdhw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_binary;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_eltwise;
import static org.t3d.core.layers.OneDnnRuntime.bind;
import static org.t3d.core.layers.OneDnnRuntime.check;
import static org.t3d.core.layers.OneDnnRuntime.execute;

import java.util.Arrays;

import org.bytedeco.dnnl.dnnl_binary_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise passes of batch normalisation on float32 NCDHW, each one oneDNN JIT pass over the plain layout:
 * <ul>
 * <li>{@link #affine}: {@code y = [ReLU](x·s + b)} with per-channel {@code s}, {@code b} (a binary multiply with a
 * broadcast [1, C, 1, 1, 1] operand and an add and a ReLU as post-ops). libnd4j's {@code batchnorm} op, which hands
 * the same arithmetic to oneDNN's plain-layout batch-norm kernel ({@code ncsp_bnorm}), followed by a separate ReLU
 * pass, took 2–5× as long (docs/performance.md, section 15).</li>
 * <li>{@link #reluBackward}: {@code dx = dy·[x > 0]} (oneDNN's ReLU backward pass; ND4J needed two passes).</li>
 * </ul>
 * Primitives are cached per {@link Geometry}.
 */
final class OneDnnAffine3d implements OneDnnCache.Entry {

    static final int MAX_CACHED = 128;

    private static final OneDnnCache<Geometry, OneDnnAffine3d> CACHE = new OneDnnCache<>(MAX_CACHED);

    /** Argument index of the first post-op's second operand (the shift). */
    private static final int SHIFT_ARG = DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE | DNNL_ARG_SRC_1;

    /**
     * @param shape activation shape [N, C, D, H, W]
     * @param relu  whether {@link #affine} ends with a ReLU
     */
    record Geometry(long[] shape, boolean relu) {

        Geometry {
            if (shape.length != 5) {
                throw new IllegalArgumentException("OneDnnAffine3d needs an NCDHW shape, got " + Arrays.toString(shape));
            }
            shape = shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Geometry g && relu == g.relu && Arrays.equals(shape, g.shape);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Boolean.hashCode(relu);
        }

        @Override
        public String toString() {
            return "per-channel affine" + (relu ? " + ReLU" : "") + ", shape " + Arrays.toString(shape);
        }
    }

    private final OneDnnResources resources = new OneDnnResources();
    private final dnnl_primitive affine;
    private final dnnl_primitive reluBackward;
    private final dnnl_memory src;
    private final dnnl_memory dst;
    private final dnnl_memory diff;
    private final dnnl_memory scale;
    private final dnnl_memory shift;

    private OneDnnAffine3d(Geometry g) {
        try {
            OneDnnResources r = resources;
            long[] s = g.shape();
            dnnl_memory_desc_t md = r.desc(s, dnnl_ncdhw);
            dnnl_memory_desc_t channel = r.desc(new long[] {1, s[1], 1, 1, 1}, dnnl_ncdhw);
            dnnl_binary_desc_t bd = r.own(new dnnl_binary_desc_t());
            check(dnnl_binary_desc_init(bd, dnnl_binary_mul, md, channel, md), "binary descriptor");
            dnnl_post_ops po = r.postOps();
            check(dnnl_post_ops_append_binary(po, dnnl_binary_add, channel), "binary post-op");
            if (g.relu()) {
                check(dnnl_post_ops_append_eltwise(po, 1f, dnnl_eltwise_relu, 0f, 0f), "ReLU post-op");
            }
            affine = r.primitive(r.primitiveDesc(bd, r.attributes(po), null, "per-channel affine"));

            dnnl_eltwise_desc_t fd = r.own(new dnnl_eltwise_desc_t());
            check(dnnl_eltwise_forward_desc_init(fd, dnnl_forward_training, dnnl_eltwise_relu, md, 0f, 0f),
                    "ReLU forward descriptor");
            dnnl_primitive_desc hint = r.primitiveDesc(fd, null, "ReLU forward"); // the backward pass's hint
            dnnl_eltwise_desc_t bwd = r.own(new dnnl_eltwise_desc_t());
            check(dnnl_eltwise_backward_desc_init(bwd, dnnl_eltwise_relu, md, md, 0f, 0f), "ReLU backward descriptor");
            reluBackward = r.primitive(r.primitiveDesc(bwd, hint, "ReLU backward"));
            src = r.memory(md);
            dst = r.memory(md);
            diff = r.memory(md);
            scale = r.memory(channel);
            shift = r.memory(channel);
        } catch (RuntimeException e) {
            resources.destroy();
            throw e;
        }
    }

    /**
     * @param g the shape and activation
     * @return its cached primitives, created on first use
     */
    static OneDnnAffine3d forGeometry(Geometry g) {
        return CACHE.get(g, OneDnnAffine3d::new);
    }

    /**
     * {@code out = [ReLU](x·s + b)} per channel.
     *
     * @param x   input, float32 c-contiguous NCDHW
     * @param s   scale, float32 c-contiguous, C elements
     * @param b   shift, float32 c-contiguous, C elements
     * @param out output of x's shape, float32 c-contiguous (may be x)
     */
    void affine(INDArray x, INDArray s, INDArray b, INDArray out) {
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            OneDnnRuntime.run(() -> {
                bind(src, x);
                bind(scale, s);
                bind(shift, b);
                bind(dst, out);
                execute(affine, DNNL_ARG_SRC_0, src, DNNL_ARG_SRC_1, scale, SHIFT_ARG, shift, DNNL_ARG_DST, dst);
            });
        }
    }

    /**
     * {@code out = dy·[x > 0]}.
     *
     * @param x   the ReLU's input or output (same positive set), float32 c-contiguous NCDHW
     * @param dy  gradient of the ReLU output, same layout
     * @param out input gradient, same layout (may be dy, or x: the pass is element-wise)
     */
    void reluBackward(INDArray x, INDArray dy, INDArray out) {
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            OneDnnRuntime.run(() -> {
                bind(src, x);
                bind(diff, dy);
                bind(dst, out);
                execute(reluBackward, DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, diff, DNNL_ARG_DIFF_SRC, dst);
            });
        }
    }

    @Override
    public void destroy() {
        resources.destroy();
    }
}
