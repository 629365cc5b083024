package org.t3d.core.blocks;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.t3d.core.layers.Pool3D;
import org.t3d.core.layers.Shapes;

/**
 * 3D pooling appended in NCDHW with explicit ("Truncate") padding and floor output sizes, as PyTorch.
 * DL4J's builder defaults to {@code Same} mode; this helper never relies on that default. The layer is a
 * {@link Pool3D} (DL4J's {@code Subsampling3DLayer} with oneDNN JIT kernels for float32).
 */
public final class Pooling3D {

    private Pooling3D() {
    }

    /**
     * Appends a pooling layer. Average pooling here never pads (T3D's pools have no padding, and DL4J would
     * exclude padding from the divisor where PyTorch includes it); max pooling pads with zeros, which equals
     * PyTorch's −∞ padding on post-ReLU input.
     *
     * @return the pool's output
     */
    public static BlockOutput append(GraphBuilder graph, String name, BlockOutput in,
            Subsampling3DLayer.PoolingType type, Dims3 kernel, Dims3 stride, Dims3 padding) {
        if (type == Subsampling3DLayer.PoolingType.AVG && !padding.equals(Dims3.cube(0))) {
            throw new IllegalArgumentException("Layer '" + name + "': padded average pooling is not supported "
                    + "(DL4J excludes padding from the divisor, PyTorch includes it)");
        }
        long t = (in.depth() + 2L * padding.t() - kernel.t()) / stride.t() + 1;
        long h = (in.height() + 2L * padding.h() - kernel.h()) / stride.h() + 1;
        long w = (in.width() + 2L * padding.w() - kernel.w()) / stride.w() + 1;
        if (in.depth() + 2L * padding.t() < kernel.t() || in.height() + 2L * padding.h() < kernel.h()
                || in.width() + 2L * padding.w() < kernel.w()) {
            throw new IllegalArgumentException("Layer '" + name + "' with kernel " + kernel + " and padding "
                    + padding + " needs a larger input than '" + in.vertex() + "' " + Shapes.describe(in.type()));
        }
        graph.addLayer(name, Pool3D.builder(type)
                .convolutionMode(ConvolutionMode.Truncate)
                .kernelSize(kernel.toArray())
                .stride(stride.toArray())
                .padding(padding.toArray())
                .dataFormat(Convolution3D.DataFormat.NCDHW)
                .build(), in.vertex());
        return BlockOutput.of(name, in.channels(), t, h, w);
    }
}
