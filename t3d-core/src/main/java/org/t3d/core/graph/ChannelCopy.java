package org.t3d.core.graph;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.core.layers.Shapes;

/**
 * Channel-range copies between c-contiguous NCDHW arrays as one {@code memcpy} per example: for a fixed example the
 * channels {@code [c0, c1)} of an NCDHW array are one contiguous block. {@link Concat3DVertex} uses it for its
 * concatenation and for splitting the gradient, instead of ND4J's {@code concat} op (0.05–0.2 ms of op overhead per
 * call, about a third of a DenseNet3D-121 forward pass on a 16×32×32 clip) and a strided {@code assign} per input in
 * backward (docs/performance.md section 19). CPU backend only (host memory); anything else takes the ND4J ops.
 */
final class ChannelCopy {

    /** Host memory: the CPU backend's buffers can be copied with memcpy. */
    private static final boolean CPU = Nd4j.getEnvironment().isCPU();

    private ChannelCopy() {
    }

    /** A JavaCPP pointer at a raw address (no deallocator). */
    private static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }

    /**
     * @param arrays arrays to copy between
     * @return true when all are rank-5, non-empty, of one data type, c-contiguous, on the CPU backend
     */
    static boolean applies(INDArray... arrays) {
        if (!CPU) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a.rank() != 5 || a.isEmpty() || a.dataType() != arrays[0].dataType() || !Shapes.denseC(a)
                    || a.data().addressPointer() == null || a.data().addressPointer().address() == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code out[:, offset : offset + in.size(1)] = in}.
     *
     * @param in     [N, c, D, H, W]
     * @param out    [N, C, D, H, W] with C ≥ offset + c
     * @param offset first channel of out to write
     */
    static void into(INDArray in, INDArray out, long offset) {
        copy(in, 0, in.size(1), out, offset, out.size(1), in.size(1));
    }

    /**
     * {@code out = in[:, offset : offset + out.size(1)]}.
     *
     * @param in     [N, C, D, H, W]
     * @param out    [N, c, D, H, W] with C ≥ offset + c
     * @param offset first channel of in to read
     */
    static void from(INDArray in, INDArray out, long offset) {
        copy(in, offset, in.size(1), out, 0, out.size(1), out.size(1));
    }

    private static void copy(INDArray src, long srcOffset, long srcChannels, INDArray dst, long dstOffset,
            long dstChannels, long channels) {
        long n = src.size(0);
        long volume = src.size(2) * src.size(3) * src.size(4);
        if (dst.size(0) != n || dst.size(2) * dst.size(3) * dst.size(4) != volume
                || srcOffset + channels > srcChannels || dstOffset + channels > dstChannels) {
            throw new IllegalArgumentException("channel copy of " + channels + " channels from "
                    + java.util.Arrays.toString(src.shape()) + " at " + srcOffset + " to "
                    + java.util.Arrays.toString(dst.shape()) + " at " + dstOffset);
        }
        long element = src.data().getElementSize();
        // a view's buffer address already includes the view's offset (as OneDnnRuntime.bind relies on)
        long s = src.data().addressPointer().address();
        long d = dst.data().addressPointer().address();
        long bytes = channels * volume * element;
        for (long i = 0; i < n; i++) {
            Pointer.memcpy(new Address(d + ((i * dstChannels + dstOffset) * volume) * element),
                    new Address(s + ((i * srcChannels + srcOffset) * volume) * element), bytes);
        }
    }
}
