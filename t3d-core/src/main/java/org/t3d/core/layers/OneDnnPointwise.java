package org.t3d.core.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_matmul_desc_init;
import static org.t3d.core.layers.OneDnnRuntime.bind;
import static org.t3d.core.layers.OneDnnRuntime.check;
import static org.t3d.core.layers.OneDnnRuntime.execute;

import org.bytedeco.dnnl.dnnl_matmul_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1×1×1 convolution without bias as cached oneDNN batched matrix products on the plain NCDHW layout (no
 * reorders): {@code Y[n] = W·X[n]}, {@code dX[n] = Wᵀ·dY[n]} (W broadcast over the batch, Wᵀ by strides) and
 * {@code P[n] = dY[n]·X[n]ᵀ} (Xᵀ by strides), summed over n into dW by a fourth matmul (ones × P). Replaces the
 * per-sample gemm loop of {@link PointwiseConv} for float32 (each of whose gemm calls makes libnd4j build a oneDNN
 * matmul primitive).
 */
final class OneDnnPointwise implements OneDnnCache.Entry {

    /**
     * One entry per input shape: every dense layer's pointwise convolutions see another channel count
     * (DenseNet3D-121 about 70 shapes, -169 about 90, -264 about 140). A cache smaller than a model's set re-creates primitives every step.
     */
    static final int MAX_CACHED = 256;

    private static final OneDnnCache<Geometry, OneDnnPointwise> CACHE = new OneDnnCache<>(MAX_CACHED);

    /**
     * @param batch  N
     * @param in     input channels
     * @param out    output channels
     * @param volume T·H·W
     */
    record Geometry(long batch, long in, long out, long volume) {
    }

    private final OneDnnResources resources = new OneDnnResources();
    private final dnnl_primitive forward;
    private final dnnl_primitive backwardData;
    private final dnnl_primitive backwardWeights;
    private final dnnl_memory w;
    private final dnnl_memory wT;
    private final dnnl_memory x;
    private final dnnl_memory xT;
    private final dnnl_memory y;
    private final dnnl_memory dy;
    private final dnnl_memory dx;
    private final dnnl_memory partial;
    private final dnnl_primitive batchSum;
    private final dnnl_memory ones;
    private final INDArray onesData;
    private final dnnl_memory partialFlat;
    private final dnnl_memory weightGrad;

    private OneDnnPointwise(Geometry g) {
        try {
            OneDnnResources r = resources;
            long n = g.batch();
            long ci = g.in();
            long co = g.out();
            long s = g.volume();
            dnnl_memory_desc_t wMd = r.descByStrides(new long[] {1, co, ci}, new long[] {co * ci, ci, 1});
            dnnl_memory_desc_t wTMd = r.descByStrides(new long[] {1, ci, co}, new long[] {co * ci, 1, ci});
            dnnl_memory_desc_t xMd = r.descByStrides(new long[] {n, ci, s}, new long[] {ci * s, s, 1});
            dnnl_memory_desc_t xTMd = r.descByStrides(new long[] {n, s, ci}, new long[] {ci * s, 1, s});
            dnnl_memory_desc_t yMd = r.descByStrides(new long[] {n, co, s}, new long[] {co * s, s, 1});
            dnnl_memory_desc_t pMd = r.descByStrides(new long[] {n, co, ci}, new long[] {co * ci, ci, 1});
            forward = r.primitive(matmul(r, wMd, xMd, yMd));
            backwardData = r.primitive(matmul(r, wTMd, yMd, xMd));
            backwardWeights = r.primitive(matmul(r, yMd, xTMd, pMd));
            w = r.memory(wMd);
            wT = r.memory(wTMd);
            x = r.memory(xMd);
            xT = r.memory(xTMd);
            y = r.memory(yMd);
            dy = r.memory(yMd);
            dx = r.memory(xMd);
            partial = r.memory(pMd);
            // dW = Σ_n P[n] as one more oneDNN matmul, [1, N] ones × P as [N, Cout·Cin] (ND4J's sum over dimension 0
            // cost ~0.3 ms per call in op overhead, about 19 ms per DenseNet3D-121 step; oneDNN 2.5's reduction
            // primitive has only its reference kernel for an outer dimension: docs/performance.md section 18).
            // Batch 1: the product is dW, written in place.
            long wSize = co * ci;
            if (n > 1) {
                dnnl_memory_desc_t onesMd = r.descByStrides(new long[] {1, n}, new long[] {n, 1});
                dnnl_memory_desc_t pFlatMd = r.descByStrides(new long[] {n, wSize}, new long[] {wSize, 1});
                dnnl_memory_desc_t dwMd = r.descByStrides(new long[] {1, wSize}, new long[] {wSize, 1});
                batchSum = r.primitive(matmul(r, onesMd, pFlatMd, dwMd));
                ones = r.memory(onesMd);
                try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    onesData = Nd4j.ones(DataType.FLOAT, n); // lives as long as this cache entry
                }
                partialFlat = r.memory(pFlatMd);
                weightGrad = r.memory(dwMd);
            } else {
                batchSum = null;
                ones = null;
                onesData = null;
                partialFlat = null;
                weightGrad = null;
            }
        } catch (RuntimeException e) {
            resources.destroy();
            throw e;
        }
    }

    private static org.bytedeco.dnnl.dnnl_primitive_desc matmul(OneDnnResources r, dnnl_memory_desc_t src,
            dnnl_memory_desc_t weights, dnnl_memory_desc_t dst) {
        dnnl_matmul_desc_t d = r.own(new dnnl_matmul_desc_t());
        check(dnnl_matmul_desc_init(d, src, weights, null, dst), "matmul descriptor");
        return r.primitiveDesc(d, null, "matmul");
    }

    /**
     * @param g the convolution
     * @return its cached primitives, created on first use
     */
    static OneDnnPointwise forGeometry(Geometry g) {
        return CACHE.get(g, OneDnnPointwise::new);
    }

    /**
     * @param weights W [Cout, Cin], float32 c-contiguous
     * @param in      X [N, Cin, T, H, W], float32 c-contiguous
     * @param out     Y [N, Cout, T, H, W], float32 c-contiguous, overwritten
     */
    void forward(INDArray weights, INDArray in, INDArray out) {
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            OneDnnRuntime.run(() -> {
                bind(w, weights);
                bind(x, in);
                bind(y, out);
                execute(forward, DNNL_ARG_SRC, w, DNNL_ARG_WEIGHTS, x, DNNL_ARG_DST, y);
            });
        }
    }

    /**
     * @param weights    W [Cout, Cin], float32 c-contiguous
     * @param in         the forward input X [N, Cin, T, H, W], float32 c-contiguous
     * @param outGrad    dY [N, Cout, T, H, W], float32 c-contiguous
     * @param inGrad     dX [N, Cin, T, H, W], float32 c-contiguous, overwritten
     * @param perExample dY[n]·X[n]ᵀ [N, Cout, Cin], float32 c-contiguous, overwritten (dW is its sum over n); may be
     *                   null when {@code dW} is given and N = 1
     * @param dW         [Cout, Cin], float32 c-contiguous (a gradient view is fine), overwritten with the sum over n
     *                   of {@code perExample}; null to leave the sum to the caller
     */
    void backward(INDArray weights, INDArray in, INDArray outGrad, INDArray inGrad, INDArray perExample, INDArray dW) {
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            OneDnnRuntime.run(() -> {
                bind(wT, weights);
                bind(dy, outGrad);
                bind(dx, inGrad);
                execute(backwardData, DNNL_ARG_SRC, wT, DNNL_ARG_WEIGHTS, dy, DNNL_ARG_DST, dx);
                bind(xT, in);
                if (dW != null && batchSum == null) {
                    bind(partial, dW); // batch 1: the only product is dW
                    execute(backwardWeights, DNNL_ARG_SRC, dy, DNNL_ARG_WEIGHTS, xT, DNNL_ARG_DST, partial);
                    return;
                }
                bind(partial, perExample);
                execute(backwardWeights, DNNL_ARG_SRC, dy, DNNL_ARG_WEIGHTS, xT, DNNL_ARG_DST, partial);
                if (dW != null) {
                    bind(ones, onesData);
                    bind(partialFlat, perExample);
                    bind(weightGrad, dW);
                    execute(batchSum, DNNL_ARG_SRC, ones, DNNL_ARG_WEIGHTS, partialFlat, DNNL_ARG_DST, weightGrad);
                }
            });
        }
    }

    @Override
    public void destroy() {
        resources.destroy();
    }
}
