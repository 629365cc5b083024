package org.t3d.core.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_dilated_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ncdhw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ndhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oidhw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.t3d.core.layers.OneDnnRuntime.check;
import static org.t3d.core.layers.OneDnnRuntime.execute;

import java.util.Arrays;

import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float32 NCDHW 3D convolution without bias on oneDNN: forward, backward-data and backward-weights primitives
 * created once per {@link Geometry} and cached (least recently used, at most {@value #MAX_CACHED} geometries).
 * The primitives choose their own (blocked) memory layouts; plain NCDHW inputs, outputs and [out, in, kD, kH, kW]
 * weights are reordered into and out of them through temporaries taken from the layer's DL4J workspace, so the extra
 * memory is bounded by the workspaces and released with them.
 */
final class OneDnnConv3d implements OneDnnCache.Entry {

    static final int MAX_CACHED = 32;

    private static final OneDnnCache<Geometry, OneDnnConv3d> CACHE = new OneDnnCache<>(MAX_CACHED);

    /**
     * Everything a convolution's primitives depend on. Input [n, c, d, h, w] NCDHW; padding before and after each of
     * the three spatial axes; dilation 1 = dense kernel (DL4J's convention, not oneDNN's 0-based one).
     *
     * @param input       input shape [N, C, D, H, W]
     * @param outChannels output channels
     * @param kernel      kernel [kD, kH, kW]
     * @param stride      strides
     * @param padBefore   padding before each axis
     * @param padAfter    padding after each axis (may differ from {@code padBefore}: "same" mode with even kernels)
     * @param dilation    dilations, 1 = none
     */
    record Geometry(long[] input, long outChannels, long[] kernel, long[] stride, long[] padBefore, long[] padAfter,
            long[] dilation) {

        Geometry {
            input = input.clone();
            kernel = kernel.clone();
            stride = stride.clone();
            padBefore = padBefore.clone();
            padAfter = padAfter.clone();
            dilation = dilation.clone();
        }

        /** @return the output shape [N, outChannels, oD, oH, oW] */
        long[] output() {
            long[] out = {input[0], outChannels, 0, 0, 0};
            for (int i = 0; i < 3; i++) {
                long effective = (kernel[i] - 1) * dilation[i] + 1;
                out[i + 2] = (input[i + 2] + padBefore[i] + padAfter[i] - effective) / stride[i] + 1;
            }
            return out;
        }

        /** @return the weight shape [outChannels, inChannels, kD, kH, kW] */
        long[] weights() {
            return new long[] {outChannels, input[1], kernel[0], kernel[1], kernel[2]};
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Geometry g && outChannels == g.outChannels && Arrays.equals(input, g.input)
                    && Arrays.equals(kernel, g.kernel) && Arrays.equals(stride, g.stride)
                    && Arrays.equals(padBefore, g.padBefore) && Arrays.equals(padAfter, g.padAfter)
                    && Arrays.equals(dilation, g.dilation);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(new Object[] {input, outChannels, kernel, stride, padBefore, padAfter,
                dilation});
        }

        @Override
        public String toString() {
            return "conv3d input " + Arrays.toString(input) + " -> " + outChannels + " channels, kernel "
                    + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding "
                    + Arrays.toString(padBefore) + "/" + Arrays.toString(padAfter) + ", dilation "
                    + Arrays.toString(dilation);
        }
    }

    private final OneDnnResources resources = new OneDnnResources();
    private final dnnl_primitive forward;
    private final dnnl_primitive backwardData;
    private final dnnl_primitive backwardWeights;
    private final String backwardWeightsImplementation;
    private final boolean backwardWeightsChannelsLast;
    private final OneDnnOperand src;
    private final OneDnnOperand weights;
    private final OneDnnOperand dst;
    private final OneDnnOperand bdDiffDst;
    private final OneDnnOperand bdWeights;
    private final OneDnnOperand bdDiffSrc;
    private final OneDnnOperand bwSrc;
    private final OneDnnOperand bwDiffDst;
    private final OneDnnOperand bwDiffWeights;

    private OneDnnConv3d(Geometry g) {
        try {
            OneDnnResources r = resources;
            long[] out = g.output();
            dnnl_memory_desc_t srcAny = r.desc(g.input(), dnnl_format_tag_any);
            dnnl_memory_desc_t wAny = r.desc(g.weights(), dnnl_format_tag_any);
            dnnl_memory_desc_t dstAny = r.desc(out, dnnl_format_tag_any);
            dnnl_memory_desc_t srcPlain = r.desc(g.input(), dnnl_ncdhw);
            dnnl_memory_desc_t wPlain = r.desc(g.weights(), dnnl_oidhw);
            dnnl_memory_desc_t dstPlain = r.desc(out, dnnl_ncdhw);
            long[] dil = new long[3];
            for (int i = 0; i < 3; i++) {
                dil[i] = g.dilation()[i] - 1;
            }

            dnnl_convolution_desc_t fd = r.own(new dnnl_convolution_desc_t());
            check(dnnl_dilated_convolution_forward_desc_init(fd, dnnl_forward_training, dnnl_convolution_direct,
                    srcAny, wAny, null, dstAny, g.stride(), dil, g.padBefore(), g.padAfter()), "forward descriptor");
            dnnl_primitive_desc fpd = r.primitiveDesc(fd, null, "forward");
            forward = r.primitive(fpd);

            dnnl_convolution_desc_t bd = r.own(new dnnl_convolution_desc_t());
            check(dnnl_dilated_convolution_backward_data_desc_init(bd, dnnl_convolution_direct, srcAny, wAny, dstAny,
                    g.stride(), dil, g.padBefore(), g.padAfter()), "backward-data descriptor");
            dnnl_primitive_desc bpd = r.primitiveDesc(bd, fpd, "backward-data");
            backwardData = r.primitive(bpd);

            dnnl_primitive_desc wpd = backwardWeightsDesc(r, g, srcAny, wAny, dstAny, dil, fpd);
            boolean channelsLast = false;
            if (OneDnnResources.implementation(wpd).contains("gemm")) {
                // No JIT kernel for this shape (oneDNN 2.5's rejects e.g. a kernel deeper than the input: DenseNet3D's
                // last blocks at 2x7x7 / 1x3x3). Its gemm fallback runs 1.1-2.7x faster on channels-last than on
                // the plain layout it picks: [4,128,2,7,7] 0.64 vs 1.19 ms (docs/performance.md section 18).
                dnnl_primitive_desc cl = backwardWeightsDesc(r, g, r.desc(g.input(), dnnl_ndhwc), wAny,
                        r.desc(out, dnnl_ndhwc), dil, fpd);
                if (OneDnnResources.implementation(cl).contains("gemm")) {
                    wpd = cl;
                    channelsLast = true;
                }
            }
            backwardWeightsChannelsLast = channelsLast;
            backwardWeightsImplementation = OneDnnResources.implementation(wpd);
            backwardWeights = r.primitive(wpd);

            src = new OneDnnOperand(r, srcPlain, dnnl_primitive_desc_query_md(fpd, dnnl_query_src_md, 0), true);
            weights = new OneDnnOperand(r, wPlain, dnnl_primitive_desc_query_md(fpd, dnnl_query_weights_md, 0), true);
            dst = new OneDnnOperand(r, dstPlain, dnnl_primitive_desc_query_md(fpd, dnnl_query_dst_md, 0), false);
            bdDiffDst = new OneDnnOperand(r, dstPlain, dnnl_primitive_desc_query_md(bpd, dnnl_query_diff_dst_md, 0),
                    true);
            bdWeights = new OneDnnOperand(r, wPlain, dnnl_primitive_desc_query_md(bpd, dnnl_query_weights_md, 0),
                    true);
            bdDiffSrc = new OneDnnOperand(r, srcPlain, dnnl_primitive_desc_query_md(bpd, dnnl_query_diff_src_md, 0),
                    false);
            bwSrc = new OneDnnOperand(r, srcPlain, dnnl_primitive_desc_query_md(wpd, dnnl_query_src_md, 0), true);
            bwDiffDst = new OneDnnOperand(r, dstPlain, dnnl_primitive_desc_query_md(wpd, dnnl_query_diff_dst_md, 0),
                    true);
            bwDiffWeights = new OneDnnOperand(r, wPlain,
                    dnnl_primitive_desc_query_md(wpd, dnnl_query_diff_weights_md, 0), false);
        } catch (RuntimeException e) {
            resources.destroy();
            throw e;
        }
    }

    private static dnnl_primitive_desc backwardWeightsDesc(OneDnnResources r, Geometry g, dnnl_memory_desc_t src,
            dnnl_memory_desc_t w, dnnl_memory_desc_t dst, long[] dil, dnnl_primitive_desc hint) {
        dnnl_convolution_desc_t wd = r.own(new dnnl_convolution_desc_t());
        check(dnnl_dilated_convolution_backward_weights_desc_init(wd, dnnl_convolution_direct, src, w, null, dst,
                g.stride(), dil, g.padBefore(), g.padAfter()), "backward-weights descriptor");
        return r.primitiveDesc(wd, hint, "backward-weights");
    }

    /** @return whether the backward-weights pass runs on channels-last copies (where oneDNN has no JIT kernel) */
    boolean backwardWeightsChannelsLast() {
        return backwardWeightsChannelsLast;
    }

    /** @return the oneDNN implementation of the backward-weights pass (e.g. {@code jit:avx512_common}) */
    String backwardWeightsImplementation() {
        return backwardWeightsImplementation;
    }

    /**
     * @param g the convolution
     * @return its cached primitives, created on first use
     */
    static OneDnnConv3d forGeometry(Geometry g) {
        return CACHE.get(g, OneDnnConv3d::new);
    }

    /**
     * y = conv(x, w).
     *
     * @param x   input, float32 c-contiguous NCDHW of the geometry's input shape
     * @param w   weights [out, in, kD, kH, kW], float32 c-contiguous (a parameter view is fine)
     * @param y   output, float32 c-contiguous NCDHW of the geometry's output shape, overwritten
     * @param mgr workspace manager for the temporaries
     * @param tmp the array type of the temporaries ({@code FF_WORKING_MEM} in forward)
     */
    void forward(INDArray x, INDArray w, INDArray y, LayerWorkspaceMgr mgr, ArrayType tmp) {
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            try {
                src.stage(x, mgr, tmp);
                weights.stage(w, mgr, tmp);
                dst.stage(y, mgr, tmp);
                OneDnnRuntime.run(() -> {
                    execute(forward, DNNL_ARG_SRC, src.in(), DNNL_ARG_WEIGHTS, weights.in(), DNNL_ARG_DST, dst.out());
                    dst.finish();
                });
            } finally {
                OneDnnOperand.releaseAll(src, weights, dst);
            }
        }
    }

    /**
     * dx = conv_bwd_data(dy, w), dw = conv_bwd_weights(x, dy).
     *
     * @param x   the forward input, float32 c-contiguous NCDHW
     * @param w   weights [out, in, kD, kH, kW], float32 c-contiguous
     * @param dy  output gradient, float32 c-contiguous NCDHW
     * @param dx  input gradient, float32 c-contiguous NCDHW, overwritten; null to skip the backward-data pass
     * @param dw  weight gradient [out, in, kD, kH, kW], float32 c-contiguous (a gradient view is fine), overwritten
     * @param mgr workspace manager for the temporaries ({@code BP_WORKING_MEM})
     */
    void backward(INDArray x, INDArray w, INDArray dy, INDArray dx, INDArray dw, LayerWorkspaceMgr mgr) {
        ArrayType tmp = ArrayType.BP_WORKING_MEM;
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            try {
                boolean data = dx != null;
                boolean shareDy = data && bwDiffDst.sameLayout(bdDiffDst);
                if (data) {
                    bdDiffDst.stage(dy, mgr, tmp);
                    bdWeights.stage(w, mgr, tmp);
                    bdDiffSrc.stage(dx, mgr, tmp);
                }
                bwSrc.stage(x, mgr, tmp);
                if (!shareDy) {
                    bwDiffDst.stage(dy, mgr, tmp);
                }
                bwDiffWeights.stage(dw, mgr, tmp);
                OneDnnRuntime.run(() -> {
                    dnnl_memory dym = data ? bdDiffDst.in() : null;
                    if (data) {
                        execute(backwardData, DNNL_ARG_DIFF_DST, dym, DNNL_ARG_WEIGHTS, bdWeights.in(),
                                DNNL_ARG_DIFF_SRC, bdDiffSrc.out());
                        bdDiffSrc.finish();
                    }
                    execute(backwardWeights, DNNL_ARG_SRC, bwSrc.in(), DNNL_ARG_DIFF_DST,
                            shareDy ? dym : bwDiffDst.in(), DNNL_ARG_DIFF_WEIGHTS, bwDiffWeights.out());
                    bwDiffWeights.finish();
                });
            } finally {
                OneDnnOperand.releaseAll(bdDiffDst, bdWeights, bdDiffSrc, bwSrc, bwDiffDst, bwDiffWeights);
            }
        }
    }

    @Override
    public void destroy() {
        resources.destroy();
    }
}
