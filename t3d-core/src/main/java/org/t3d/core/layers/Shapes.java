package org.t3d.core.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shape helpers for rank-5 NCDHW activations: input-type construction, validation and error messages that
 * name the layer and both shapes.
 */
public final class Shapes {

    private Shapes() {
    }

    /**
     * @return a CNN3D input type in NCDHW layout (DL4J's 4-argument overload means NDHWC; never use it)
     */
    public static InputType.InputTypeConvolutional3D ncdhw(long depth, long height, long width, long channels) {
        return (InputType.InputTypeConvolutional3D) InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, depth,
                height, width, channels);
    }

    /**
     * Checks that {@code type} is a CNN3D input type and returns it re-labelled as NCDHW. DL4J's 3D layers
     * label their outputs NDHWC internally in some modes even when they compute NCDHW; T3D-J works in NCDHW
     * only, so the label is normalised here.
     *
     * @throws IllegalStateException naming {@code layerName} when the type is not 3D convolutional
     */
    public static InputType.InputTypeConvolutional3D requireCnn3d(InputType type, String layerName) {
        if (type == null || type.getType() != InputType.Type.CNN3D) {
            throw new IllegalStateException("Layer '" + layerName + "' expects 3D convolutional input (NCDHW), got "
                    + type);
        }
        InputType.InputTypeConvolutional3D t = (InputType.InputTypeConvolutional3D) type;
        return ncdhw(t.getDepth(), t.getHeight(), t.getWidth(), t.getChannels());
    }

    /** @return "[C=.., T=.., H=.., W=..]" for an input type */
    public static String describe(InputType.InputTypeConvolutional3D t) {
        return "[C=" + t.getChannels() + ", T=" + t.getDepth() + ", H=" + t.getHeight() + ", W=" + t.getWidth() + "]";
    }

    /**
     * Validates a runtime activation: rank 5 (NCDHW) and, when {@code channels > 0}, the channel count.
     *
     * @throws IllegalArgumentException naming the layer, the expected and the actual shape
     */
    public static void requireNcdhw(INDArray x, long channels, String layerName, String layerKind) {
        if (x.rank() != 5) {
            throw new IllegalArgumentException("Layer '" + layerName + "' (" + layerKind
                    + ") expects NCDHW input of rank 5 [N, " + (channels > 0 ? channels : "C")
                    + ", T, H, W], got shape " + Arrays.toString(x.shape()) + " (rank " + x.rank() + ")");
        }
        if (channels > 0 && x.size(1) != channels) {
            throw new IllegalArgumentException("Layer '" + layerName + "' (" + layerKind + ") expects " + channels
                    + " channels, i.e. NCDHW [N, " + channels + ", T, H, W], got shape " + Arrays.toString(x.shape()));
        }
    }

    /**
     * @param a an array
     * @return true when {@code a}'s elements lie contiguously in c order from its offset (strides of size-1 axes,
     *         which DL4J's parameter views set freely, do not matter)
     */
    public static boolean denseC(INDArray a) {
        long expected = 1;
        for (int i = a.rank() - 1; i >= 0; i--) {
            if (a.size(i) > 1) {
                if (a.stride(i) != expected) {
                    return false;
                }
                expected *= a.size(i);
            }
        }
        return true;
    }
}
