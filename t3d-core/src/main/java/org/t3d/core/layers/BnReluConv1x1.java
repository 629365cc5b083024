package org.t3d.core.layers;

import java.util.Collections;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Batch norm → ReLU → 1×1×1 convolution without bias, as <em>one</em> memory-efficient layer (Pleiss et al. 2017,
 * "Memory-Efficient Implementation of DenseNets").
 *
 * <pre>
 *   x [N,Cin,T,H,W] ──► BN (γ, β; batch or running statistics) ──► ReLU ──► W [Cout,Cin] · (per position) ──► y [N,Cout,T,H,W]
 *                       └────────────── recomputed in backward, never stored ──────────────┘
 * </pre>
 *
 * <p>Mathematically identical to {@link BatchNorm3D} (with {@link BatchNorm3D.Activation#RELU}) followed by a
 * bias-free 1×1×1 {@code Convolution3D}, with the same PyTorch semantics: batch mean and biased variance over
 * (N, T, H, W) in training mode, running statistics updated in that forward pass with the unbiased variance and
 * {@code momentum}, running statistics in inference mode, {@code NoOp} updater and no regularisation for the running
 * statistics and for γ/β, the network's weight regularisation for {@code W}. The difference is memory: the BN-ReLU
 * output (as large as the input) lives only in the layer's working-memory workspace during the forward pass; only
 * the per-channel batch statistics are kept, and the backward pass recomputes BN-ReLU from the layer input. In a
 * dense block, whose input grows with every layer, this removes one of the two activations per layer that grow
 * quadratically with the block depth.
 *
 * <p>Parameters ({@link BnReluConv1x1ParamInitializer}): {@code gamma}, {@code beta}, {@code mean}, {@code var} (each
 * [1, Cin]) and {@code W} [Cout, Cin, 1, 1, 1] (PyTorch {@code Conv3d} layout). {@code W} is initialised
 * Kaiming-normal with fan-out (std = √(2 / Cout)) unless another weight init is set on the builder.
 */
public class BnReluConv1x1 extends AbstractBatchNorm3D {

    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation; use {@link #builder()}. */
    public BnReluConv1x1() {
        super();
    }

    private BnReluConv1x1(Builder builder) {
        super(builder);
        initializeConstraints(builder);
    }

    /** @return a new builder with PyTorch BN defaults (eps 1e-5, momentum 0.1) */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected BnReluConv1x1Layer newLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new BnReluConv1x1Layer(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return BnReluConv1x1ParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional3D in = Shapes.requireCnn3d(inputType, getLayerName());
        if (nIn > 0 && in.getChannels() != nIn) {
            throw new IllegalStateException("Layer '" + getLayerName() + "' (BnReluConv1x1) expects " + nIn
                    + " input channels but its input type is " + Shapes.describe(in));
        }
        return Shapes.ncdhw(in.getDepth(), in.getHeight(), in.getWidth(), nOut);
    }

    /**
     * Infers nIn from the input type. Unlike DL4J's layers, an explicitly configured nIn is never silently replaced
     * (DL4J builds graphs with {@code override = true}): a disagreeing input type is a configuration error.
     *
     * @throws IllegalStateException naming the layer, nIn and the input type when they disagree
     */
    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeConvolutional3D in = Shapes.requireCnn3d(inputType, getLayerName());
        if (nIn > 0 && in.getChannels() != nIn) {
            throw new IllegalStateException("Layer '" + getLayerName() + "' (BnReluConv1x1) is configured for " + nIn
                    + " input channels but its input type is " + Shapes.describe(in));
        }
        nIn = in.getChannels();
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        // As the unfused pair: the network's weight regularisation on the conv weight, none on the BN parameters.
        if (BnReluConv1x1ParamInitializer.WEIGHT.equals(paramName)) {
            return super.getRegularizationByParam(paramName);
        }
        return Collections.emptyList();
    }

    @Override
    protected boolean isRunningStat(String paramName) {
        return BnReluConv1x1ParamInitializer.isRunningStat(paramName);
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long numParams = initializer().numParams(this);
        long updaterState = 0;
        for (String p : initializer().paramKeys(this)) {
            long size = BnReluConv1x1ParamInitializer.WEIGHT.equals(p) ? nIn * nOut : nIn;
            updaterState += getUpdaterByParam(p).stateSize(size);
        }
        long inPerExample = inputType.arrayElementsPerExample();
        // forward: the BN-ReLU output in working memory; backward: BN-ReLU (reused for x̂) and its gradient
        return new LayerMemoryReport.Builder(layerName, BnReluConv1x1.class, inputType, outputType)
                .standardMemory(numParams, updaterState)
                .workingMemory(0, inPerExample, 2 * nIn, 2 * inPerExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public String toString() {
        return "BnReluConv1x1(name=" + getLayerName() + ", nIn=" + nIn + ", nOut=" + nOut + ", eps=" + getEps()
                + ", momentum=" + getMomentum() + ")";
    }

    /** Builder for {@link BnReluConv1x1}; {@link #nOut} is required, nIn is inferred from the input type. */
    public static class Builder extends AbstractBatchNorm3D.Builder<Builder> {

        /**
         * @return the validated configuration
         * @throws IllegalArgumentException when nOut is not positive or nIn is negative
         */
        @Override
        @SuppressWarnings("unchecked")
        public BnReluConv1x1 build() {
            if (nOut < 1) {
                throw new IllegalArgumentException("BnReluConv1x1 needs nOut >= 1 output channels, got " + nOut);
            }
            if (nIn < 0) {
                throw new IllegalArgumentException("BnReluConv1x1 nIn must be >= 0 (0 = inferred), got " + nIn);
            }
            if (weightInitFn == null) {
                // Kaiming normal, fan-out, as BnReluConv's Convolution3D: std = sqrt(2 / (Cout * 1 * 1 * 1))
                weightInitFn = new WeightInitDistribution(new NormalDistribution(0, Math.sqrt(2.0 / nOut)));
            }
            if (activationFn == null) {
                activation(Activation.IDENTITY); // the ReLU is built in and applied before the convolution
            }
            return new BnReluConv1x1(this);
        }
    }
}
