package org.t3d.core.blocks;

import java.util.Objects;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.t3d.core.layers.Shapes;

/**
 * The output of a block appended to a graph: the name of its output vertex and its (NCDHW) activation type.
 *
 * @param vertex name of the output vertex
 * @param type   activation type of that vertex, NCDHW
 */
public record BlockOutput(String vertex, InputType.InputTypeConvolutional3D type) {

    /** Validates the fields. */
    public BlockOutput {
        Objects.requireNonNull(vertex, "vertex");
        Objects.requireNonNull(type, "type");
    }

    /** @return a block output for a graph input or any vertex of known shape */
    public static BlockOutput of(String vertex, long channels, long depth, long height, long width) {
        return new BlockOutput(vertex, Shapes.ncdhw(depth, height, width, channels));
    }

    /** @return number of channels */
    public long channels() {
        return type.getChannels();
    }

    /** @return temporal size T */
    public long depth() {
        return type.getDepth();
    }

    /** @return height */
    public long height() {
        return type.getHeight();
    }

    /** @return width */
    public long width() {
        return type.getWidth();
    }

    @Override
    public String toString() {
        return vertex + " " + Shapes.describe(type);
    }
}
