package org.t3d.core.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.util.Convolution3DUtils;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The explicit padding before and after each spatial axis that makes oneDNN produce DL4J's output size for a 3D
 * convolution or pooling window in truncate or "same" mode. oneDNN needs the end padding spelled out: "same" mode with
 * an even kernel pads more at the end, and truncate mode with a stride may use less end padding than start padding.
 *
 * @param before padding before each of (T, H, W)
 * @param after  padding after each of (T, H, W)
 */
record OneDnnPadding(long[] before, long[] after) {

    OneDnnPadding {
        before = before.clone();
        after = after.clone();
    }

    /**
     * @param x        NCDHW input
     * @param kernel   kernel (T, H, W)
     * @param strides  strides
     * @param padding  DL4J's padding (ignored in "same" mode)
     * @param mode     {@link ConvolutionMode#Truncate} or {@link ConvolutionMode#Same}
     * @param dilation dilations (1 = none)
     * @return the padding, or null when oneDNN cannot express DL4J's result: another mode, an output axis of size 0,
     *         or a floor-mode window that drops input rows (negative end padding)
     */
    static OneDnnPadding of(INDArray x, int[] kernel, int[] strides, int[] padding, ConvolutionMode mode,
            int[] dilation) {
        if (mode != ConvolutionMode.Same && mode != ConvolutionMode.Truncate) {
            return null;
        }
        boolean same = mode == ConvolutionMode.Same;
        int[] in = {(int) x.size(2), (int) x.size(3), (int) x.size(4)};
        int[] out = Convolution3DUtils.get3DOutputSize(x, kernel, strides, same ? null : padding, mode, dilation, true);
        int[] start = same ? Convolution3DUtils.get3DSameModeTopLeftPadding(out, in, kernel, strides, dilation)
                : padding;
        long[] before = new long[3];
        long[] after = new long[3];
        for (int i = 0; i < 3; i++) {
            before[i] = start[i];
            after[i] = (long) (out[i] - 1) * strides[i] + (long) (kernel[i] - 1) * dilation[i] + 1 - in[i] - start[i];
            if (after[i] < 0 || out[i] < 1) {
                return null;
            }
        }
        return new OneDnnPadding(before, after);
    }

    /** @return true when some window would see padding only (oneDNN pooling rejects that) */
    boolean exceeds(int[] kernel) {
        for (int i = 0; i < 3; i++) {
            if (before[i] >= kernel[i] || after[i] >= kernel[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param a int array
     * @return the same values as longs
     */
    static long[] longs(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }
}
