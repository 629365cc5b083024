package org.t3d.core.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nCdhw16c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nCdhw8c;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ncdhw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ndhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_avg_exclude_padding;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_max;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_workspace_md;
import static org.t3d.core.layers.OneDnnRuntime.check;
import static org.t3d.core.layers.OneDnnRuntime.execute;

import java.util.Arrays;

import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_pooling_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 NCDHW 3D max or average pooling on oneDNN, primitives cached per {@link Geometry}. oneDNN's optimised
 * (JIT) pooling needs a blocked or channels-last layout; the plain NCDHW layout that libnd4j hands it runs a reference
 * kernel (measured on the DenseNet3D-121 stem pool, [4,64,8,56,56], 3×3×3: 78 ms against 1.8 ms in nCdhw16c). So the
 * input is reordered into the first layout for which oneDNN offers a JIT kernel (nCdhw16c, nCdhw8c, ndhwc) through a
 * workspace temporary, and the result back. Max pooling's backward pass recomputes the forward pass to get oneDNN's
 * argmax workspace instead of keeping it from the forward call. Padding is never part of a max (−∞) nor counted in an
 * average's divisor, which is what DL4J's {@code maxpool3dnew}/{@code avgpool3dnew} compute.
 */
final class OneDnnPool3d implements OneDnnCache.Entry {

    static final int MAX_CACHED = 32;

    private static final OneDnnCache<Geometry, OneDnnPool3d> CACHE = new OneDnnCache<>(MAX_CACHED);

    /**
     * @param input     input shape [N, C, D, H, W]
     * @param max       true for max pooling, false for average pooling (padding excluded from the divisor)
     * @param kernel    kernel [kD, kH, kW]
     * @param stride    strides
     * @param padBefore padding before each axis
     * @param padAfter  padding after each axis
     */
    record Geometry(long[] input, boolean max, long[] kernel, long[] stride, long[] padBefore, long[] padAfter) {

        Geometry {
            input = input.clone();
            kernel = kernel.clone();
            stride = stride.clone();
            padBefore = padBefore.clone();
            padAfter = padAfter.clone();
        }

        /** @return the output shape [N, C, oD, oH, oW] */
        long[] output() {
            long[] out = {input[0], input[1], 0, 0, 0};
            for (int i = 0; i < 3; i++) {
                out[i + 2] = (input[i + 2] + padBefore[i] + padAfter[i] - kernel[i]) / stride[i] + 1;
            }
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Geometry g && max == g.max && Arrays.equals(input, g.input)
                    && Arrays.equals(kernel, g.kernel) && Arrays.equals(stride, g.stride)
                    && Arrays.equals(padBefore, g.padBefore) && Arrays.equals(padAfter, g.padAfter);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(new Object[] {input, max, kernel, stride, padBefore, padAfter});
        }

        @Override
        public String toString() {
            return (max ? "max" : "avg") + "pool3d input " + Arrays.toString(input) + ", kernel "
                    + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding "
                    + Arrays.toString(padBefore) + "/" + Arrays.toString(padAfter);
        }
    }

    private final OneDnnResources resources = new OneDnnResources();
    private final boolean max;
    private final String implementation;
    private final dnnl_primitive inference;
    private final dnnl_primitive training;
    private final dnnl_primitive backward;
    private final OneDnnOperand src;
    private final OneDnnOperand dst;
    private final OneDnnOperand trainingDst;
    private final OneDnnOperand workspace;
    private final OneDnnOperand diffDst;
    private final OneDnnOperand diffSrc;

    private OneDnnPool3d(Geometry g) {
        try {
            OneDnnResources r = resources;
            max = g.max();
            int alg = max ? dnnl_pooling_max : dnnl_pooling_avg_exclude_padding;
            long[] out = g.output();
            dnnl_memory_desc_t srcPlain = r.desc(g.input(), dnnl_ncdhw);
            dnnl_memory_desc_t dstPlain = r.desc(out, dnnl_ncdhw);
            int[] tags = {dnnl_nCdhw16c, dnnl_nCdhw8c, dnnl_ndhwc, dnnl_ncdhw};
            dnnl_memory_desc_t srcMd = null;
            dnnl_memory_desc_t dstMd = null;
            dnnl_primitive_desc ipd = null;
            String impl = null;
            for (int tag : tags) {
                srcMd = r.desc(g.input(), tag);
                dstMd = r.desc(out, tag);
                dnnl_pooling_desc_t d = r.own(new dnnl_pooling_desc_t());
                check(dnnl_pooling_forward_desc_init(d, dnnl_forward_inference, alg, srcMd, dstMd, g.stride(),
                        g.kernel(), g.padBefore(), g.padAfter()), "pooling forward descriptor");
                ipd = r.primitiveDesc(d, null, "pooling inference");
                impl = OneDnnResources.implementation(ipd);
                if (impl.startsWith("jit")) {
                    break;
                }
            }
            implementation = impl;
            inference = r.primitive(ipd);
            dnnl_pooling_desc_t td = r.own(new dnnl_pooling_desc_t());
            check(dnnl_pooling_forward_desc_init(td, dnnl_forward_training, alg, srcMd, dstMd, g.stride(),
                    g.kernel(), g.padBefore(), g.padAfter()), "pooling training descriptor");
            dnnl_primitive_desc tpd = r.primitiveDesc(td, null, "pooling training");
            training = r.primitive(tpd);
            dnnl_pooling_desc_t bd = r.own(new dnnl_pooling_desc_t());
            check(dnnl_pooling_backward_desc_init(bd, alg, srcMd, dstMd, g.stride(), g.kernel(), g.padBefore(),
                    g.padAfter()), "pooling backward descriptor");
            backward = r.primitive(r.primitiveDesc(bd, tpd, "pooling backward"));

            src = new OneDnnOperand(r, srcPlain, srcMd, true);
            dst = new OneDnnOperand(r, dstPlain, dstMd, false);
            trainingDst = new OneDnnOperand(r, dstPlain, dstMd, false);
            dnnl_memory_desc_t wsMd = dnnl_primitive_desc_query_md(tpd, dnnl_query_workspace_md, 0);
            workspace = max ? new OneDnnOperand(r, wsMd, wsMd, false) : null;
            diffDst = new OneDnnOperand(r, dstPlain, dstMd, true);
            diffSrc = new OneDnnOperand(r, srcPlain, srcMd, false);
        } catch (RuntimeException e) {
            resources.destroy();
            throw e;
        }
    }

    /**
     * @param g the pooling
     * @return its cached primitives, created on first use
     */
    static OneDnnPool3d forGeometry(Geometry g) {
        return CACHE.get(g, OneDnnPool3d::new);
    }

    /** @return the oneDNN implementation of the forward pass (e.g. {@code jit:avx512_core}) */
    String implementation() {
        return implementation;
    }

    /**
     * @param x   input, float32 c-contiguous NCDHW
     * @param y   output, float32 c-contiguous NCDHW, overwritten
     * @param mgr workspace manager for the temporaries ({@code FF_WORKING_MEM})
     */
    void forward(INDArray x, INDArray y, LayerWorkspaceMgr mgr) {
        ArrayType tmp = ArrayType.FF_WORKING_MEM;
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            try {
                src.stage(x, mgr, tmp);
                dst.stage(y, mgr, tmp);
                OneDnnRuntime.run(() -> {
                    execute(inference, DNNL_ARG_SRC, src.in(), DNNL_ARG_DST, dst.out());
                    dst.finish();
                });
            } finally {
                OneDnnOperand.releaseAll(src, dst);
            }
        }
    }

    /**
     * @param x   the forward input, float32 c-contiguous NCDHW (max pooling recomputes its argmax from it)
     * @param dy  output gradient, float32 c-contiguous NCDHW
     * @param dx  input gradient, float32 c-contiguous NCDHW, overwritten
     * @param mgr workspace manager for the temporaries ({@code BP_WORKING_MEM})
     */
    void backward(INDArray x, INDArray dy, INDArray dx, LayerWorkspaceMgr mgr) {
        ArrayType tmp = ArrayType.BP_WORKING_MEM;
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            try {
                if (max) {
                    src.stage(x, mgr, tmp);
                    trainingDst.stageScratch(mgr, tmp);
                    workspace.stageScratch(mgr, tmp);
                }
                diffDst.stage(dy, mgr, tmp);
                diffSrc.stage(dx, mgr, tmp);
                OneDnnRuntime.run(() -> {
                    if (max) {
                        dnnl_memory ws = workspace.scratch();
                        execute(training, DNNL_ARG_SRC, src.in(), DNNL_ARG_DST, trainingDst.scratch(),
                                DNNL_ARG_WORKSPACE, ws);
                        execute(backward, DNNL_ARG_DIFF_DST, diffDst.in(), DNNL_ARG_WORKSPACE, ws, DNNL_ARG_DIFF_SRC,
                                diffSrc.out());
                    } else {
                        execute(backward, DNNL_ARG_DIFF_DST, diffDst.in(), DNNL_ARG_DIFF_SRC, diffSrc.out());
                    }
                    diffSrc.finish();
                });
            } finally {
                OneDnnOperand.releaseAll(src, trainingDst, diffDst, diffSrc, workspace);
            }
        }
    }

    @Override
    public void destroy() {
        resources.destroy();
    }
}
