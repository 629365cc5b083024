package org.t3d.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.graph.Concat3D;
import org.t3d.core.layers.BatchNorm3D;
import org.t3d.core.layers.BnReluConv1x1;

/**
 * Per-stage report of a configuration at a given clip size: output shape, trainable parameters and MACs, plus an
 * estimate of the memory one training step needs. Computed from the DL4J graph configuration only: nothing is
 * initialised and no activation is allocated, so it is cheap even for T3D-169 at 32×224×224.
 *
 * <p><b>Parameters</b> are counted as PyTorch does ({@code sum(p.numel() for p in model.parameters())}): BN running
 * statistics are buffers, not parameters. <b>MACs</b> are multiply-accumulates of convolutions
 * (output elements × input channels × kernel volume) and of the classifier (inputs × outputs), per clip; BN, ReLU,
 * pooling, padding and concatenation are not counted (spec §8.1; FLOPs ≈ 2 × MACs).
 *
 * <p><b>Training memory</b> (an estimate of DL4J's peak, not a measurement): during a training step DL4J keeps the
 * output of every vertex for the backward pass (every layer and every concat of a dense block, so DenseNet memory
 * grows quadratically with the block length), plus in-flight activation gradients, estimated as twice the largest
 * single activation; plus parameters (running statistics included), their gradients and the updater state:
 * <pre>
 *   bytes = batch · (Σ_vertices elements + 2 · max_vertex elements) · s  +  P · s · (2 + u)
 * </pre>
 * with s the bytes per element of the data type and u the updater state per parameter (Nesterov 1, Adam 2).
 * Native temporary buffers (im2col of the 3D convolutions) and JVM overhead come on top. With memory-efficient dense
 * layers ({@link ModelOptions#memoryEfficient()}) the norm1 output is not a vertex any more, so the estimate drops by
 * one dense-layer input per dense layer, and the concats of a dense block share one buffer of the block's output
 * size ({@link Concat3D#shared}), counted once; parameters and MACs are the same in both variants.
 *
 * @param config     the configuration (with the summarised input)
 * @param batch      batch size of the memory estimate
 * @param bytesPerElement bytes per element of the data type
 * @param updaterStatePerParam updater state per parameter
 * @param stages     per-stage rows, in network order, then {@code classifier}
 * @param params     trainable parameters (PyTorch-comparable)
 * @param allParams  all DL4J parameters, BN running statistics included
 * @param macs       multiply-accumulates per clip
 * @param activationElements  Σ of per-clip activation elements of all vertices
 * @param maxActivationElements largest per-clip activation of a vertex
 */
public record ModelSummary(ModelConfig config, int batch, int bytesPerElement, double updaterStatePerParam,
        List<Stage> stages, long params, long allParams, long macs, long activationElements,
        long maxActivationElements) {

    /**
     * One row of the table.
     *
     * @param name     stage name ({@code stem}, {@code denseblock1}, {@code ttl1}, …, {@code norm5}, {@code classifier})
     * @param vertex   output vertex
     * @param shape    output shape per clip: [C, T, H, W] for 3D stages, [classes] for the classifier
     * @param params   trainable parameters of the stage
     * @param macs     MACs of the stage per clip
     */
    public record Stage(String name, String vertex, long[] shape, long params, long macs) {
        /** @return the shape as "C; T×H×W" or "C" */
        public String shapeText() {
            if (shape.length == 4) {
                return shape[0] + "; " + shape[1] + "×" + shape[2] + "×" + shape[3];
            }
            return String.valueOf(shape[0]);
        }
    }

    /** @return the summary at the configuration's nominal input, batch 1, float, Nesterov updater */
    public static ModelSummary of(ModelConfig config) {
        return of(config, 1, ModelOptions.DEFAULTS);
    }

    /**
     * @param config  architecture and clip size ({@link ModelConfig#withInput})
     * @param batch   batch size of the memory estimate
     * @param options data type and updater of the memory estimate
     * @return the summary
     * @throws IllegalArgumentException when the clip is too small for the network (names the layer)
     */
    public static ModelSummary of(ModelConfig config, int batch, ModelOptions options) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        ModelGraph.Built built = ModelGraph.build(config, options);
        ComputationGraphConfiguration conf = built.configuration();
        InputType in = BlockOutput.of(ModelGraph.INPUT, config.trunk().inChannels(), config.inputFrames(),
                config.inputSize(), config.inputSize()).type();
        Map<String, InputType> types = conf.getLayerActivationTypes(in);
        Map<String, String> inputsOf = new LinkedHashMap<>();
        conf.getVertexInputs().forEach((k, v) -> inputsOf.put(k, v.isEmpty() ? null : v.get(0)));

        Map<String, long[]> perStage = new LinkedHashMap<>(); // stage -> {params, macs}
        built.stages().keySet().forEach(s -> perStage.put(s, new long[2]));
        perStage.put("classifier", new long[2]);
        long total = 0;
        long all = 0;
        long macs = 0;
        long actSum = in.arrayElementsPerExample();
        long actMax = actSum;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            String name = e.getKey();
            InputType out = types.get(name);
            if (out != null) {
                long n = out.arrayElementsPerExample();
                if (e.getValue() instanceof Concat3D c && c.isShared()
                        && out instanceof InputType.InputTypeConvolutional3D o) {
                    // one buffer per dense block, allocated by its first concat; the others are views of it
                    n = c.isBufferOwner() ? c.getCapacity() * o.getDepth() * o.getHeight() * o.getWidth() : 0;
                }
                actSum += n;
                actMax = Math.max(actMax, n);
            }
            if (!(e.getValue() instanceof LayerVertex lv)) {
                continue;
            }
            Layer layer = lv.getLayerConf().getLayer();
            long p = trainable(layer);
            long m = macs(layer, out);
            total += p;
            all += layer.initializer().numParams(layer);
            macs += m;
            long[] acc = perStage.get(stageOf(name));
            acc[0] += p;
            acc[1] += m;
        }
        List<Stage> rows = new ArrayList<>();
        for (Map.Entry<String, BlockOutput> s : built.stages().entrySet()) {
            BlockOutput o = s.getValue();
            long[] acc = perStage.get(s.getKey());
            rows.add(new Stage(s.getKey(), o.vertex(), new long[] {o.channels(), o.depth(), o.height(), o.width()},
                    acc[0], acc[1]));
        }
        long[] head = perStage.get("classifier");
        rows.add(new Stage("classifier", ModelGraph.FC, new long[] {config.numClasses()}, head[0], head[1]));
        double u = all == 0 ? 0 : options.updater().stateSize(all) / (double) all;
        return new ModelSummary(config, batch, options.dataType().width(), u, List.copyOf(rows), total, all, macs,
                actSum, actMax);
    }

    /** @return trainable parameters of a graph configuration (BN running statistics excluded) */
    public static long trainableParams(ComputationGraphConfiguration conf) {
        long n = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv) {
                n += trainable(lv.getLayerConf().getLayer());
            }
        }
        return n;
    }

    private static long trainable(Layer layer) {
        if (layer instanceof BatchNorm3D bn) {
            return 2 * bn.getNOut();
        }
        if (layer instanceof BnReluConv1x1 f) {
            return layer.initializer().numParams(layer) - 2 * f.getNIn(); // BN running statistics are buffers
        }
        return layer.initializer().numParams(layer);
    }

    private static long macs(Layer layer, InputType out) {
        if (layer instanceof Convolution3D c && out instanceof InputType.InputTypeConvolutional3D o) {
            int[] k = c.getKernelSize();
            return o.getChannels() * o.getDepth() * o.getHeight() * o.getWidth() * c.getNIn()
                    * ((long) k[0] * k[1] * k[2]);
        }
        if (layer instanceof BnReluConv1x1 f && out instanceof InputType.InputTypeConvolutional3D o) {
            return o.getChannels() * o.getDepth() * o.getHeight() * o.getWidth() * f.getNIn();
        }
        if (layer instanceof BaseOutputLayer d) {
            return d.getNIn() * d.getNOut();
        }
        if (layer instanceof DenseLayer d) {
            return d.getNIn() * d.getNOut();
        }
        return 0;
    }

    /** Maps a vertex name to its stage: {@code stem/…}, {@code block2/…} → denseblock2, {@code ttl1/…}, head. */
    private static String stageOf(String vertex) {
        int slash = vertex.indexOf('/');
        String top = slash < 0 ? vertex : vertex.substring(0, slash);
        if (top.startsWith("block")) {
            return "dense" + top;
        }
        if (ModelGraph.NORM5.equals(vertex)) {
            return "norm5";
        }
        if (top.equals("head")) {
            return "classifier";
        }
        return top;
    }

    /**
     * Fewest values per BN channel below which training-mode batch statistics become unstable. Measured: a
     * DenseNet3D-121 at 16×32×32 (last block at 1×1×1) with batch 4 normalises 4 values per channel, some channels
     * reach a batch variance of 1e-8 (below ε = 1e-5), each BN then scales its gradient by γ/√ε ≈ 316, and the first
     * backward pass already carries 1e18-sized gradients (NaN at step 2 at any learning rate). Batch 16 (16 values)
     * trains.
     */
    public static final long MIN_BATCH_NORM_VALUES = 16;

    /** @return values per channel, per clip, of the network's smallest 3D stage (T×H×W): what its BNs normalise over */
    public long smallestStageVolume() {
        long v = Long.MAX_VALUE;
        for (Stage s : stages) {
            if (s.shape().length == 4) {
                v = Math.min(v, s.shape()[1] * s.shape()[2] * s.shape()[3]);
            }
        }
        return v;
    }

    /**
     * Checks that every BN of the network sees enough values per channel in training mode.
     *
     * @param batch training batch size
     * @return a message naming the stage shape, the batch and remedies, or empty when batch × {@link
     *         #smallestStageVolume()} ≥ {@link #MIN_BATCH_NORM_VALUES}
     */
    public java.util.Optional<String> batchNormWarning(int batch) {
        long vol = smallestStageVolume();
        if ((long) batch * vol >= MIN_BATCH_NORM_VALUES) {
            return java.util.Optional.empty();
        }
        Stage last = stages.stream().filter(s -> s.shape().length == 4)
                .min(java.util.Comparator.comparingLong(s -> s.shape()[1] * s.shape()[2] * s.shape()[3]))
                .orElseThrow();
        return java.util.Optional.of(String.format(Locale.ROOT, "at input %d×%d×%d the stage '%s' outputs maps of "
                + "%d×%d×%d (T×H×W), so with "
                + "batch %d its batch norms normalise only %d values per channel (fewer than %d): batch statistics "
                + "degenerate and gradients explode. Use a larger input size or a batch of at least %d.",
                config.inputFrames(), config.inputSize(), config.inputSize(), last.name(), last.shape()[1],
                last.shape()[2], last.shape()[3], batch,
                batch * vol, MIN_BATCH_NORM_VALUES, (MIN_BATCH_NORM_VALUES + vol - 1) / vol));
    }

    /** @return GMACs per clip */
    public double gmacs() {
        return macs / 1e9;
    }

    /** @return estimated bytes of the activations kept for backward, plus in-flight gradients, for the batch */
    public long activationBytes() {
        return (long) batch * (activationElements + 2 * maxActivationElements) * bytesPerElement;
    }

    /** @return estimated bytes of parameters, gradients and updater state */
    public long parameterBytes() {
        return (long) (allParams * (double) bytesPerElement * (2 + updaterStatePerParam));
    }

    /** @return estimated training-step memory in bytes (see the class documentation) */
    public long trainingMemoryBytes() {
        return activationBytes() + parameterBytes();
    }

    /** @return the per-stage table; the last line is {@code params: <N>} */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s %s, %s profile, %d classes, input %d×%d×%d (T×H×W)%n",
                config.family(), config.trunk().blockConfig(), config.profile() == null ? "custom"
                        : config.profile().id(), config.numClasses(), config.inputFrames(), config.inputSize(),
                config.inputSize()));
        String fmt = "%-13s %-22s %14s %12s%n";
        sb.append(String.format(Locale.ROOT, fmt, "stage", "output (C; T×H×W)", "params", "GMACs"));
        for (Stage s : stages) {
            sb.append(String.format(Locale.ROOT, fmt, s.name(), s.shapeText(), String.format(Locale.ROOT, "%,d",
                    s.params()), String.format(Locale.ROOT, "%.3f", s.macs() / 1e9)));
        }
        sb.append(String.format(Locale.ROOT, fmt, "total", "", String.format(Locale.ROOT, "%,d", params),
                String.format(Locale.ROOT, "%.3f", gmacs())));
        sb.append(String.format(Locale.ROOT, "feature dim: %d; GFLOPs per clip (2×MACs): %.2f%n", config.featureDim(),
                2 * gmacs()));
        sb.append(String.format(Locale.ROOT,
                "training memory estimate, batch %d, %d-byte elements: %.2f GiB (activations %.2f GiB, "
                        + "parameters+gradients+updater %.2f GiB)%n",
                batch, bytesPerElement, trainingMemoryBytes() / GIB, activationBytes() / GIB,
                parameterBytes() / GIB));
        sb.append("params: ").append(params);
        return sb.toString();
    }

    private static final double GIB = 1024.0 * 1024 * 1024;
}
