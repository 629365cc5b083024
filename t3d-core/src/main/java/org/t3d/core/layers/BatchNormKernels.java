package org.t3d.core.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.BatchNorm;
import org.nd4j.linalg.api.ops.impl.reduce.Moments;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The batch-norm arithmetic shared by {@link BatchNorm3DLayer} and {@link BnReluConv1x1Layer} (PyTorch
 * {@code BatchNorm3d} semantics over NCDHW, statistics over (N, T, H, W)).
 *
 * <p>Speed choices (measured, docs/performance.md sections 15–16): for float32 on oneDNN, the training forward pass
 * as one oneDNN batch-norm primitive ({@link #trainingForward}), every other affine pass plus ReLU as one oneDNN binary
 * primitive and the ReLU mask as one eltwise backward ({@link OneDnnAffine3d}). Otherwise (double precision, the
 * gradient-checked reference): both batch statistics in one native {@code Moments} pass, every per-channel affine
 * pass as one native {@code batchnorm} op instead of broadcast ops, the ReLU mask as {@code Step} + {@code MulOp}. Full-size buffers are always passed in by the caller, who allocates them
 * in a layer workspace; only per-channel vectors are allocated here.
 */
final class BatchNormKernels {

    /** Reduction axes of the per-channel statistics of NCDHW: (N, T, H, W). */
    static final int[] REDUCE = {0, 2, 3, 4};

    private BatchNormKernels() {
    }

    /**
     * @return values per channel of an NCDHW activation (N·T·H·W)
     */
    static long valuesPerChannel(INDArray x) {
        return x.length() / x.size(1);
    }

    /**
     * Fails when a training-mode batch has a single value per channel (the biased variance would be 0 and the
     * unbiased one undefined).
     *
     * @throws IllegalArgumentException naming the layer and the shape
     */
    static void requireTrainableBatch(INDArray x, String layerName, String kind) {
        if (valuesPerChannel(x) < 2) {
            throw new IllegalArgumentException("Layer '" + layerName + "' (" + kind
                    + ") needs more than one value per channel in training mode, got input shape "
                    + Arrays.toString(x.shape()));
        }
    }

    /**
     * Batch mean and <em>biased</em> variance per channel, in one native pass ({@code var()} alone is ~10× slower
     * than {@code mean()} over these axes).
     *
     * @return {mean [C], variance [C]}
     */
    static INDArray[] moments(INDArray x) {
        return Nd4j.exec(new Moments(x, REDUCE, false));
    }

    /**
     * PyTorch's running-statistics update, in place: {@code running = (1 − m)·running + m·batch}, with the unbiased
     * batch variance ({@code var·n/(n − 1)}) for the running variance.
     *
     * @param runMean  running mean [C] (a parameter view)
     * @param runVar   running variance [C] (a parameter view)
     * @param mean     batch mean [C]
     * @param var      biased batch variance [C]
     * @param momentum PyTorch momentum m
     * @param n        values per channel of the batch (N·T·H·W), &ge; 2
     */
    static void updateRunning(INDArray runMean, INDArray runVar, INDArray mean, INDArray var, double momentum,
            long n) {
        runMean.muli(1 - momentum).addi(mean.mul(momentum));
        runVar.muli(1 - momentum).addi(var.mul(momentum * n / (double) (n - 1)));
    }

    /**
     * {@code out = γ·(x − μ)/√(σ² + ε) + β} per channel (axis 1) in one native pass (libnd4j {@code batchnorm},
     * oneDNN where available).
     *
     * @param gamma scale [C], or null for 1
     * @param beta  shift [C], or null for 0
     * @param out   output buffer of x's shape (may be x itself)
     */
    static void normalise(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta, INDArray out,
            double eps) {
        if (oneDnnElementwise(x, out)) {
            oneDnnAffine(x, mean, var, gamma, beta, out, eps, false);
            return;
        }
        BatchNorm op = new BatchNorm(x, mean, var, gamma, beta, eps, 1);
        op.addOutputArgument(out);
        Nd4j.exec(op);
    }

    /**
     * @return true when {@link #trainingForward} applies: float32 c-contiguous NCDHW input and output with more than
     *         one value per sample and channel, oneDNN enabled
     */
    static boolean fusedTrainingForward(INDArray x, INDArray out) {
        return oneDnnElementwise(x, out);
    }

    /**
     * Training-mode forward pass in one oneDNN batch-norm primitive (batch statistics and the normalised output, the
     * ReLU fused if asked). Only where {@link #fusedTrainingForward} holds.
     *
     * @param gamma γ [C]
     * @param beta  β [C]
     * @param out   output buffer of x's shape
     * @param eps   ε
     * @param relu  whether a ReLU follows
     * @param mgr   workspace manager for oneDNN's temporaries ({@code FF_WORKING_MEM})
     * @param reluWorkspace where the fused ReLU's mask goes, {@link #reluWorkspaceFloats} long (for a backward pass
     *              with the ReLU fused), or null
     * @return {batch mean [C], biased batch variance [C]}, as {@link #moments}
     */
    static INDArray[] trainingForward(INDArray x, INDArray gamma, INDArray beta, INDArray out, double eps,
            boolean relu, LayerWorkspaceMgr mgr, INDArray reluWorkspace) {
        long c = x.size(1);
        INDArray mean = Nd4j.createUninitialized(DataType.FLOAT, c);
        INDArray var = Nd4j.createUninitialized(DataType.FLOAT, c);
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) { // lookup and use in one hold (see OneDnnCache)
            OneDnnBatchNorm3d.forGeometry(new OneDnnBatchNorm3d.Geometry(x.shape(), (float) eps))
                    .forwardTraining(x, gamma, beta, relu, out, mean, var, mgr, ArrayType.FF_WORKING_MEM,
                            reluWorkspace);
        }
        return new INDArray[] {mean, var};
    }

    /**
     * @param shape input shape [N, C, D, H, W] of a {@link #fusedTrainingForward} pass
     * @param eps   ε
     * @return floats of the mask the oneDNN pass's fused ReLU writes (one bit per element)
     */
    static long reluWorkspaceFloats(long[] shape, double eps) {
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
            return OneDnnBatchNorm3d.forGeometry(new OneDnnBatchNorm3d.Geometry(shape, (float) eps))
                    .reluWorkspaceFloats();
        }
    }

    /**
     * {@code out = ReLU(γ·x̂ + β)}: for float32 c-contiguous arrays one oneDNN pass ({@link OneDnnAffine3d}), else
     * {@link #normalise} followed by an in-place ReLU.
     */
    static void normaliseRelu(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta, INDArray out,
            double eps) {
        if (oneDnnElementwise(x, out)) {
            oneDnnAffine(x, mean, var, gamma, beta, out, eps, true);
            return;
        }
        normalise(x, mean, var, gamma, beta, out, eps);
        Transforms.relu(out, false);
    }

    /**
     * @return true when the element-wise passes take oneDNN ({@link OneDnnAffine3d}): float32, rank-5, c-contiguous
     *         arrays with more than one value per sample and channel, with the oneDNN path enabled. A 1×1×1 volume
     *         keeps ND4J: oneDNN 2.5's binary primitive broadcasts the [1, C, 1, 1, 1] operand wrongly for
     *         [N &gt; 1, C, 1, 1, 1] (found by the golden tests and {@code OneDnnAffine3dTest}'s shape sweep)
     */
    private static boolean oneDnnElementwise(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.rank() != 5 || a.dataType() != DataType.FLOAT || a.size(2) * a.size(3) * a.size(4) < 2
                    || !Shapes.denseC(a)) {
                return false;
            }
        }
        return OneDnn.applies(DataType.FLOAT);
    }

    /** {@code out = [ReLU](x·s + b)} with {@code s = γ/√(σ² + ε)}, {@code b = β − μ·s}, in one oneDNN pass. */
    private static void oneDnnAffine(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta,
            INDArray out, double eps, boolean relu) {
        long c = x.size(1);
        INDArray scale = var.reshape(c).add(eps);
        Transforms.sqrt(scale, false).rdivi(1.0);
        if (gamma != null) {
            scale.muli(gamma.reshape(c));
        }
        INDArray shift = mean.reshape(c).mul(scale).negi();
        if (beta != null) {
            shift.addi(beta.reshape(c));
        }
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) { // lookup and use in one hold (see OneDnnCache)
            OneDnnAffine3d.forGeometry(new OneDnnAffine3d.Geometry(x.shape(), relu)).affine(x, scale, shift, out);
        }
    }

    /**
     * Gradient through a ReLU: {@code out = dy · [y > 0]}.
     *
     * @param y   ReLU output, or its pre-activation (same sign pattern where positive)
     * @param dy  gradient with respect to the ReLU output
     * @param out output buffer; may be {@code y}, must not be {@code dy} (the mask is written first)
     */
    static void reluBackward(INDArray y, INDArray dy, INDArray out) {
        if (oneDnnElementwise(y, dy, out)) {
            try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) {
                OneDnnAffine3d.forGeometry(new OneDnnAffine3d.Geometry(y.shape(), true)).reluBackward(y, dy, out);
            }
            return;
        }
        Nd4j.exec(new Step(y, out));
        Nd4j.exec(new MulOp(out, dy, out));
    }

    /**
     * Backward pass of {@code y = γ·x̂ + β} with {@code x̂ = (x − μ)/√(σ² + ε)}.
     *
     * <p>Training mode (μ, σ² are the batch statistics of x, so they depend on x):
     * {@code dx = γ·invStd·(dy − mean(dy) − x̂·mean(dy·x̂))}; inference mode (running statistics, constants):
     * {@code dx = γ·invStd·dy}. In both, {@code dγ = Σ dy·x̂} and {@code dβ = Σ dy} over (N, T, H, W).
     *
     * @param x        the layer input
     * @param dy       gradient with respect to y (after any ReLU mask)
     * @param mean     μ used in the forward pass [C]
     * @param var      σ² used in the forward pass [C]
     * @param gamma    γ [C]
     * @param eps      ε
     * @param training whether μ, σ² were the batch statistics
     * @param xHat     scratch buffer of x's shape (overwritten; may not alias dy or dx)
     * @param dx       output buffer of x's shape for the input gradient (may not alias dy)
     * @return {dγ [C], dβ [C]}
     */
    static INDArray[] backward(INDArray x, INDArray dy, INDArray mean, INDArray var, INDArray gamma, double eps,
            boolean training, INDArray xHat, INDArray dx) {
        long c = x.size(1);
        long n = valuesPerChannel(x);
        INDArray invStd = Transforms.pow(var.add(eps), -0.5, false);
        normalise(x, mean, var, null, null, xHat, eps);
        INDArray dBeta = dy.sum(REDUCE);
        Nd4j.exec(new MulOp(dy, xHat, dx));
        INDArray dGamma = dx.sum(REDUCE);
        INDArray scale = gamma.mul(invStd);
        INDArray zero = Nd4j.zeros(x.dataType(), c);
        INDArray one = Nd4j.ones(x.dataType(), c);
        if (training) {
            // dx = (dy − mean(dy))·scale − x̂·(scale·mean(dy·x̂)), each term one native per-channel affine pass
            normalise(dy, dBeta.div(n), one, scale, null, dx, 0);
            normalise(xHat, zero, one, scale.mul(dGamma).divi(n), null, xHat, 0);
            dx.subi(xHat);
        } else {
            normalise(dy, zero, one, scale, null, dx, 0);
        }
        return new INDArray[] {dGamma, dBeta};
    }
}
