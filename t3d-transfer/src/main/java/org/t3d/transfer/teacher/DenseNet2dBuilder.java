package org.t3d.transfer.teacher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.t3d.core.layers.Conv3D;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.blocks.BnReluConv;
import org.t3d.core.blocks.Dims3;
import org.t3d.core.blocks.LayerNames;
import org.t3d.core.blocks.Pooling3D;
import org.t3d.core.graph.Concat3D;
import org.t3d.core.layers.BatchNorm3D;

/**
 * Builds a torchvision-style 2D DenseNet out of depth-1 3D layers (the fast path: DL4J's 2D
 * {@code ConvolutionLayer} runs at 4–8 GFLOP/s, {@code Convolution3D} calls oneDNN-backed native ops).
 *
 * <p>The network reads NCDHW input {@code [N, C, X, H, W]} and treats the X frames as independent images: every
 * kernel has temporal extent 1, so frame x of the output depends only on frame x of the input. Batch norm is
 * per channel, so in inference mode it is a per-frame operation too, and in training mode its statistics over
 * (N, X, H, W) are exactly those of a 2D batch of N·X frames. The final global average pool over (X, H, W)
 * therefore yields the <em>mean over the X frames of the per-frame pooled features</em> — the teacher input of
 * supervision transfer — and for X = 1 it is torchvision's feature vector of one image.
 *
 * <pre>
 *   input [N,3,X,H,W]
 *     ─► stem/conv (1,7,7)/s(1,2,2)/p(0,3,3) ─► stem/norm BN+ReLU ─► stem/pool max (1,3,3)/s(1,2,2)/p(0,1,1)
 *     ─► block1 [BN-ReLU-conv1 (1,1,1) → bnSize·k, BN-ReLU-conv2 (1,3,3)/p(0,1,1) → k, concat] × n1
 *     ─► transition1 BN-ReLU-conv (1,1,1) → ⌊θC⌋, avg pool (1,2,2)/s(1,2,2)
 *     ─► … ─► block4 ─► norm5 BN+ReLU ─► pool global avg over (X,H,W) ─► [N, F]  (─► classifier [N, classes])
 * </pre>
 *
 * <p>Vertex names, under a prefix such as {@code teacher}: {@code stem/conv}, {@code stem/norm}, {@code stem/pool},
 * {@code block<b>/layer<ll>/{norm1,conv1,norm2,conv2,concat}}, {@code transition<t>/{norm,conv,pool}},
 * {@code norm5} (BN with fused ReLU), {@code pool}, {@code classifier}. {@link TorchvisionNames} maps them to
 * torchvision's state-dict keys.
 */
public final class DenseNet2dBuilder {

    /** Default prefix of the teacher's vertices inside a correspondence network. */
    public static final String DEFAULT_PREFIX = "teacher";
    /** Name of the input of a stand-alone teacher graph. */
    public static final String INPUT = "input";

    private DenseNet2dBuilder() {
    }

    /**
     * Names of the interesting vertices of an appended teacher.
     *
     * @param features   global-average-pooled features [N, F] (mean over frames)
     * @param featureDim F
     * @param logits     classifier output [N, classes], or null without a classifier
     * @param stages     stage name ({@code act_stem}, {@code act_denseblock1}, …, {@code act_transition3}, as in the
     *                   golden sets, and {@code act_norm5_relu} = ReLU of the golden {@code act_norm5}) → vertex name
     */
    public record Outputs(String features, long featureDim, String logits, Map<String, String> stages) {
        /** Copies the stage map. */
        public Outputs {
            Objects.requireNonNull(features, "features");
            stages = Map.copyOf(stages);
        }
    }

    /**
     * Appends the teacher to a graph.
     *
     * @param graph  graph under construction
     * @param config network configuration
     * @param prefix vertex-name prefix (e.g. {@value #DEFAULT_PREFIX}; empty for none)
     * @param input  the input: NCDHW [N, C, X, H, W], X frames treated independently
     * @return the names of the appended vertices
     */
    public static Outputs append(GraphBuilder graph, DenseNet2dConfig config, String prefix, BlockOutput input) {
        Objects.requireNonNull(config, "config");
        if (input.channels() != config.inChannels()) {
            throw new IllegalArgumentException("Teacher expects " + config.inChannels() + " input channels, input '"
                    + input.vertex() + "' has " + input.channels());
        }
        Map<String, String> stages = new LinkedHashMap<>();
        String stem = LayerNames.join(prefix, LayerNames.stem());

        // Stem: conv (no BN before it, so not a BnReluConv) -> BN+ReLU -> max pool.
        String conv0 = LayerNames.join(stem, "conv");
        int k0 = 7;
        double std0 = Math.sqrt(2.0 / (config.numInitFeatures() * k0 * k0));
        graph.addLayer(conv0, Conv3D.builder()
                .convolutionMode(ConvolutionMode.Truncate)
                .kernelSize(1, k0, k0).stride(1, 2, 2).padding(0, 3, 3)
                .dataFormat(Convolution3D.DataFormat.NCDHW)
                .nIn(config.inChannels()).nOut(config.numInitFeatures())
                .hasBias(false).activation(Activation.IDENTITY)
                .weightInit(new WeightInitDistribution(new NormalDistribution(0, std0)))
                .build(), input.vertex());
        long h = (input.height() + 6 - k0) / 2 + 1;
        long w = (input.width() + 6 - k0) / 2 + 1;
        String norm0 = LayerNames.join(stem, "norm");
        graph.addLayer(norm0, BatchNorm3D.builder().channels(config.numInitFeatures()).eps(config.bn().eps())
                .momentum(config.bn().momentum()).activation(BatchNorm3D.Activation.RELU).build(), conv0);
        BlockOutput x = Pooling3D.append(graph, LayerNames.join(stem, "pool"),
                BlockOutput.of(norm0, config.numInitFeatures(), input.depth(), h, w),
                Subsampling3DLayer.PoolingType.MAX, Dims3.of(1, 3, 3), Dims3.of(1, 2, 2), Dims3.of(0, 1, 1));
        stages.put("act_stem", x.vertex());

        BnReluConv bottleneck = BnReluConv.of(config.bnSize() * config.growthRate(), Dims3.cube(1), Dims3.cube(0),
                config.bn());
        BnReluConv conv3x3 = BnReluConv.of(config.growthRate(), Dims3.of(1, 3, 3), Dims3.of(0, 1, 1), config.bn());
        int blocks = config.blockConfig().size();
        for (int b = 1; b <= blocks; b++) {
            String block = LayerNames.join(prefix, LayerNames.denseBlock(b));
            for (int l = 1; l <= config.blockConfig().get(b - 1); l++) {
                String layer = LayerNames.join(block, LayerNames.denseLayer(l));
                BlockOutput mid = bottleneck.append(graph, LayerNames.join(layer, "norm1"),
                        LayerNames.join(layer, "pad1"), LayerNames.join(layer, "conv1"), x);
                BlockOutput fresh = conv3x3.append(graph, LayerNames.join(layer, "norm2"),
                        LayerNames.join(layer, "pad2"), LayerNames.join(layer, "conv2"), mid);
                String concat = LayerNames.join(layer, "concat");
                graph.addVertex(concat, new Concat3D(concat), x.vertex(), fresh.vertex());
                x = BlockOutput.of(concat, x.channels() + config.growthRate(), x.depth(), x.height(), x.width());
            }
            stages.put("act_denseblock" + b, x.vertex());
            if (b < blocks) {
                String tr = LayerNames.join(prefix, LayerNames.transition(b));
                BnReluConv trConv = BnReluConv.of((int) config.transitionOut(x.channels()), Dims3.cube(1),
                        Dims3.cube(0), config.bn());
                BlockOutput c = trConv.append(graph, LayerNames.join(tr, "norm"), LayerNames.join(tr, "pad"),
                        LayerNames.join(tr, "conv"), x);
                x = Pooling3D.append(graph, LayerNames.join(tr, "pool"), c, Subsampling3DLayer.PoolingType.AVG,
                        Dims3.of(1, 2, 2), Dims3.of(1, 2, 2), Dims3.cube(0));
                stages.put("act_transition" + b, x.vertex());
            }
        }

        String norm5 = LayerNames.join(prefix, "norm5");
        graph.addLayer(norm5, BatchNorm3D.builder().channels(x.channels()).eps(config.bn().eps())
                .momentum(config.bn().momentum()).activation(BatchNorm3D.Activation.RELU).build(), x.vertex());
        stages.put("act_norm5_relu", norm5);
        String pool = LayerNames.join(prefix, "pool");
        graph.addLayer(pool, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), norm5);
        String logits = null;
        if (config.numClasses() > 0) {
            logits = LayerNames.join(prefix, "classifier");
            graph.addLayer(logits, new DenseLayer.Builder().nIn(x.channels()).nOut(config.numClasses())
                    .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build(), pool);
        }
        return new Outputs(pool, x.channels(), logits, stages);
    }

    /**
     * Builds and initialises a stand-alone teacher graph with input {@value #INPUT} (NCDHW [N, C, X, H, W]) and
     * one output: the logits when the config has a classifier, else the pooled features. Vertex names have no
     * prefix ({@code stem/conv}, …). The updater is a no-op; use it for inference and weight import.
     *
     * @param config network configuration
     * @param frames X, frames per example the graph is declared for (any X works at run time)
     * @param height frame height the graph is declared for
     * @param width  frame width
     * @param dtype  network data type
     * @return the initialised graph
     */
    public static ComputationGraph build(DenseNet2dConfig config, long frames, long height, long width,
            DataType dtype) {
        GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .dataType(dtype).seed(1234).updater(new NoOp())
                .graphBuilder().addInputs(INPUT)
                .setInputTypes(org.t3d.core.layers.Shapes.ncdhw(frames, height, width, config.inChannels()));
        Outputs out = append(gb, config, "", BlockOutput.of(INPUT, config.inChannels(), frames, height, width));
        gb.setOutputs(out.logits() != null ? out.logits() : out.features());
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        return g;
    }
}
