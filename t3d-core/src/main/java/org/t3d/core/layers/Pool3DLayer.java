package org.t3d.core.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.Subsampling3DLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's 3D pooling layer with a oneDNN path ({@link OneDnnPool3d}) for float32 NCDHW max and average pooling in
 * truncate or "same" mode without dilation or dropout; everything else (double precision, NDHWC, the CUDA backend,
 * {@code -Dt3d.onednn=false}) runs DL4J's implementation unchanged.
 */
public class Pool3DLayer extends Subsampling3DLayer {

    private static final long serialVersionUID = 1L;

    /**
     * @param conf     layer configuration
     * @param dataType network data type
     */
    public Pool3DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return the oneDNN geometry for the current input, or null when the oneDNN path does not apply */
    private OneDnnPool3d.Geometry geometry() {
        org.deeplearning4j.nn.conf.layers.Subsampling3DLayer c = layerConf();
        if (input == null || input.rank() != 5 || input.dataType() != DataType.FLOAT || !OneDnn.applies(dataType)
                || c.getDataFormat() != Convolution3D.DataFormat.NCDHW || c.getIDropout() != null
                || c.getPoolingType() != PoolingType.MAX && c.getPoolingType() != PoolingType.AVG
                || !Arrays.equals(c.getDilation(), new int[] {1, 1, 1})) {
            return null;
        }
        OneDnnPadding pad = OneDnnPadding.of(input, c.getKernelSize(), c.getStride(), c.getPadding(),
                c.getConvolutionMode(), c.getDilation());
        return pad == null || pad.exceeds(c.getKernelSize()) ? null : new OneDnnPool3d.Geometry(input.shape(),
                c.getPoolingType() == PoolingType.MAX, OneDnnPadding.longs(c.getKernelSize()),
                OneDnnPadding.longs(c.getStride()), pad.before(), pad.after());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        OneDnnPool3d.Geometry g = geometry();
        if (g == null) {
            return super.activate(training, workspaceMgr);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, g.output(), 'c');
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) { // lookup and use in one hold (see OneDnnCache)
            OneDnnPool3d.forGeometry(g).forward(OneDnnRuntime.contiguous(input, workspaceMgr, ArrayType.FF_WORKING_MEM), out,
                    workspaceMgr);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        OneDnnPool3d.Geometry g = geometry();
        if (g == null) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (!Arrays.equals(epsilon.shape(), g.output())) {
            throw new IllegalArgumentException("Layer '" + layerConf().getLayerName() + "' (Pool3D): output gradient "
                    + Arrays.toString(epsilon.shape()) + " does not match the output shape "
                    + Arrays.toString(g.output()));
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        try (OneDnnRuntime.Held held = OneDnnRuntime.hold()) { // lookup and use in one hold (see OneDnnCache)
            OneDnnPool3d.forGeometry(g).backward(OneDnnRuntime.contiguous(input, workspaceMgr, ArrayType.BP_WORKING_MEM),
                    OneDnnRuntime.contiguous(epsilon.castTo(DataType.FLOAT), workspaceMgr, ArrayType.BP_WORKING_MEM), dx, workspaceMgr);
        }
        return new Pair<>(new DefaultGradient(), dx);
    }
}
