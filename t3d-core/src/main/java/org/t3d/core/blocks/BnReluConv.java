package org.t3d.core.blocks;

import java.util.Objects;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ZeroPadding3DLayer;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.t3d.core.layers.Conv3D;
import org.t3d.core.layers.BatchNorm3D;
import org.t3d.core.layers.Shapes;

/**
 * The composite "conv" of DenseNet/T3D: BN → ReLU → [explicit zero padding] → Conv3D (no bias).
 *
 * <pre>
 *   in ──► &lt;norm&gt; BN+ReLU ──► [&lt;pad&gt; ZeroPad3D] ──► &lt;conv&gt; Conv3D(k, s) ──► out
 * </pre>
 *
 * <p>Symmetric padding is done by the convolution itself, and so is the asymmetric padding of "same" convolutions
 * whose extra zero goes at the end (even kernels, TF/Keras SAME: the convolution runs in
 * {@link ConvolutionMode#Same}). Any other asymmetric padding (e.g. the extra zero frame first) is an explicit
 * {@code ZeroPadding3DLayer} named {@code <pad>} before an unpadded convolution; padding inside the convolution is
 * cheaper (oneDNN, [4,64,8,28,28] → 32 channels, kernel (6,3,3): forward + backward 34 ms against 46 ms on the
 * pre-padded input; docs/performance.md, section 17). Conv weights are initialised
 * Kaiming-normal with fan-out (std = √(2 / (out·kT·kH·kW))).
 *
 * @param outChannels output channels of the convolution
 * @param kernel      kernel (T, H, W)
 * @param stride      stride (T, H, W)
 * @param padBefore   zero padding before the data on (T, H, W)
 * @param padAfter    zero padding after the data on (T, H, W)
 * @param bn          batch-norm constants
 */
public record BnReluConv(int outChannels, Dims3 kernel, Dims3 stride, Dims3 padBefore, Dims3 padAfter,
        BatchNormSettings bn) {

    /** Validates the fields. */
    public BnReluConv {
        if (outChannels < 1) {
            throw new IllegalArgumentException("outChannels must be >= 1, got " + outChannels);
        }
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(stride, "stride");
        Objects.requireNonNull(padBefore, "padBefore");
        Objects.requireNonNull(padAfter, "padAfter");
        Objects.requireNonNull(bn, "bn");
        if (!kernel.positive() || !stride.positive()) {
            throw new IllegalArgumentException("kernel and stride must be positive, got " + kernel + " / " + stride);
        }
    }

    /** @return a stride-1 conv with the given symmetric padding */
    public static BnReluConv of(int outChannels, Dims3 kernel, Dims3 padding, BatchNormSettings bn) {
        return new BnReluConv(outChannels, kernel, Dims3.cube(1), padding, padding, bn);
    }

    /** @return true when padding differs before and after on some axis */
    public boolean asymmetric() {
        return !padBefore.equals(padAfter);
    }

    /**
     * @return true when stride is 1 and the padding is exactly "same" padding with any extra zero at the end
     *         ({@link ConvolutionMode#Same}: ⌊(k − 1)/2⌋ before, the rest after), on every axis
     */
    public boolean endSame() {
        int[] k = kernel.toArray();
        int[] s = stride.toArray();
        int[] b = padBefore.toArray();
        int[] a = padAfter.toArray();
        for (int i = 0; i < 3; i++) {
            if (s[i] != 1 || b[i] != (k[i] - 1) / 2 || a[i] != k[i] - 1 - b[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Output extent of one axis.
     *
     * @return floor((in + before + after − k) / s) + 1
     */
    private static long outSize(long in, int before, int after, int k, int s) {
        return (in + before + after - k) / s + 1;
    }

    /**
     * Appends the unit.
     *
     * @param graph    graph under construction
     * @param normName name of the BN+ReLU layer
     * @param padName  name of the explicit padding layer (used only when padding is asymmetric and not
     *                 {@link #endSame()})
     * @param convName name of the convolution
     * @param in       input vertex and its type
     * @return the convolution's output
     * @throws IllegalArgumentException naming {@code convName} and both shapes when the input is too small
     */
    public BlockOutput append(GraphBuilder graph, String normName, String padName, String convName, BlockOutput in) {
        long t = in.depth() + padBefore.t() + padAfter.t();
        long h = in.height() + padBefore.h() + padAfter.h();
        long w = in.width() + padBefore.w() + padAfter.w();
        if (t < kernel.t() || h < kernel.h() || w < kernel.w()) {
            throw new IllegalArgumentException("Layer '" + convName + "' with kernel " + kernel + " and padding "
                    + padBefore + "/" + padAfter + " needs an input of at least T=" + kernel.t() + ", H="
                    + kernel.h() + ", W=" + kernel.w() + " after padding; its input '" + in.vertex() + "' is "
                    + Shapes.describe(in.type()));
        }
        graph.addLayer(normName, BatchNorm3D.builder().channels(in.channels()).eps(bn.eps()).momentum(bn.momentum())
                .activation(BatchNorm3D.Activation.RELU)
                .guard(convName, Math.max(1, kernel.t() - padBefore.t() - padAfter.t()),
                        Math.max(1, kernel.h() - padBefore.h() - padAfter.h()),
                        Math.max(1, kernel.w() - padBefore.w() - padAfter.w()))
                .build(), in.vertex());
        String convInput = normName;
        int[] convPadding = padBefore.toArray();
        ConvolutionMode mode = ConvolutionMode.Truncate;
        if (asymmetric() && endSame()) {
            mode = ConvolutionMode.Same;
            convPadding = new int[] {0, 0, 0};
        } else if (asymmetric()) {
            graph.addLayer(padName, new ZeroPadding3DLayer.Builder(padBefore.t(), padAfter.t(), padBefore.h(),
                    padAfter.h(), padBefore.w(), padAfter.w()).build(), normName);
            convInput = padName;
            convPadding = new int[] {0, 0, 0};
        }
        double std = Math.sqrt(2.0 / (outChannels * kernel.volume()));
        graph.addLayer(convName, Conv3D.builder()
                .convolutionMode(mode)
                .kernelSize(kernel.toArray())
                .stride(stride.toArray())
                .padding(convPadding)
                .dataFormat(Convolution3D.DataFormat.NCDHW)
                .nIn(in.channels())
                .nOut(outChannels)
                .hasBias(false)
                .activation(Activation.IDENTITY)
                .weightInit(new WeightInitDistribution(new NormalDistribution(0, std)))
                .build(), convInput);
        return BlockOutput.of(convName, outChannels,
                outSize(in.depth(), padBefore.t(), padAfter.t(), kernel.t(), stride.t()),
                outSize(in.height(), padBefore.h(), padAfter.h(), kernel.h(), stride.h()),
                outSize(in.width(), padBefore.w(), padAfter.w(), kernel.w(), stride.w()));
    }
}
