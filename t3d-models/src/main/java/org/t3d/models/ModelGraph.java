package org.t3d.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.t3d.core.layers.Conv3D;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.blocks.Dims3;
import org.t3d.core.blocks.LayerNames;
import org.t3d.core.blocks.Pooling3D;
import org.t3d.core.layers.BatchNorm3D;
import org.t3d.core.layers.Shapes;

/**
 * Assembles the DL4J graph of a {@link ModelConfig}.
 *
 * <pre>
 *   input ─► stem/conv ─► stem/norm (BN+ReLU) ─► stem/pool ─► block1/… ─► transition1/… | ttl1/… ─► block2/… ─► …
 *         ─► blockB/… ─► head/norm5 (BN) ─► head/relu ─► head/pool (global avg) ─► head/fc (softmax)
 * </pre>
 *
 * <p>With {@link ModelOptions#memoryEfficient()} every dense layer of every block has {@code norm1conv1} (one fused
 * BN-ReLU-Conv1×1×1 layer) instead of {@code norm1} + {@code conv1}; nothing else changes.
 */
final class ModelGraph {

    /** Name of the graph input. */
    static final String INPUT = "input";
    /** Stem conv / BN / pool vertex names. */
    static final String STEM_CONV = LayerNames.join(LayerNames.stem(), "conv");
    static final String STEM_NORM = LayerNames.join(LayerNames.stem(), "norm");
    static final String STEM_POOL = LayerNames.join(LayerNames.stem(), "pool");
    /** Head vertex names. */
    static final String NORM5 = LayerNames.join(LayerNames.head(), "norm5");
    static final String RELU = LayerNames.join(LayerNames.head(), "relu");
    static final String POOL = LayerNames.join(LayerNames.head(), "pool");
    static final String FC = LayerNames.join(LayerNames.head(), "fc");

    private ModelGraph() {
    }

    /**
     * The graph configuration and its stage outputs.
     *
     * @param configuration the DL4J configuration
     * @param stages        stage name → output vertex and type, in network order
     */
    record Built(ComputationGraphConfiguration configuration, Map<String, BlockOutput> stages) {
    }

    static Built build(ModelConfig c, ModelOptions o) {
        DenseTrunk t = c.trunk();
        NeuralNetConfiguration.Builder nn = new NeuralNetConfiguration.Builder()
                .dataType(o.dataType())
                .seed(o.seed())
                .updater(o.updater())
                .trainingWorkspaceMode(o.workspaceMode())
                .inferenceWorkspaceMode(o.workspaceMode());
        if (o.weightDecay() > 0) {
            nn.weightDecay(o.weightDecay(), true);
        }
        BlockOutput in = BlockOutput.of(INPUT, t.inChannels(), c.inputFrames(), c.inputSize(), c.inputSize());
        GraphBuilder g = nn.graphBuilder().addInputs(INPUT).setInputTypes(in.type());
        Map<String, BlockOutput> stages = new LinkedHashMap<>();

        BlockOutput x = stem(g, t, in, o.inputGradient());
        stages.put("stem", x);
        for (int b = 1; b <= t.numBlocks(); b++) {
            x = t.block(b).withMemoryEfficient(o.memoryEfficient()).append(g, LayerNames.denseBlock(b), x);
            stages.put("denseblock" + b, x);
            if (b < t.numBlocks()) {
                x = c.appendTransition(g, b, x);
                stages.put(c.transitionStage(b), x);
            }
        }
        g.addLayer(NORM5, BatchNorm3D.builder().channels(x.channels()).eps(t.batchNorm().eps())
                .momentum(t.batchNorm().momentum()).activation(BatchNorm3D.Activation.IDENTITY).build(), x.vertex());
        x = new BlockOutput(NORM5, x.type());
        stages.put("norm5", x);
        g.addLayer(RELU, new ActivationLayer.Builder().activation(Activation.RELU).build(), NORM5);
        g.addLayer(POOL, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), RELU);
        g.addLayer(FC, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(x.channels()).nOut(c.numClasses()).weightInit(WeightInit.XAVIER).biasInit(0.0).build(), POOL);
        g.setOutputs(FC);
        return new Built(g.build(), Collections.unmodifiableMap(stages));
    }

    /**
     * Checks that a clip of T×H×W survives every strided stage (stem conv, stem pool, transition pools); the dense
     * layers and TTL branches keep their size.
     *
     * @throws IllegalArgumentException naming the first stage whose input is smaller than its kernel
     */
    static void checkInputSize(ModelConfig c, long t, long h, long w) {
        DenseTrunk tr = c.trunk();
        StemConfig s = tr.stem();
        long[] x = {t, h, w};
        x = stride(c, x, STEM_CONV, s.convKernel(), s.convStride(), s.convPadding());
        x = stride(c, x, STEM_POOL, s.poolKernel(), s.poolStride(), s.poolPadding());
        for (int b = 1; b < tr.numBlocks(); b++) {
            x = stride(c, x, LayerNames.join(c.transitionStage(b), "pool"), tr.transitionPoolKernel(),
                    tr.transitionPoolStride(), Dims3.cube(0));
        }
    }

    private static long[] stride(ModelConfig c, long[] in, String layer, Dims3 k, Dims3 s, Dims3 p) {
        int[] kk = k.toArray();
        int[] ss = s.toArray();
        int[] pp = p.toArray();
        long[] out = new long[3];
        for (int i = 0; i < 3; i++) {
            if (in[i] + 2L * pp[i] < kk[i]) {
                throw new IllegalArgumentException("clip too small for this " + c.family() + ": layer '" + layer
                        + "' with kernel " + k + " and padding " + p + " gets T×H×W = " + in[0] + "×" + in[1] + "×"
                        + in[2]);
            }
            out[i] = (in[i] + 2L * pp[i] - kk[i]) / ss[i] + 1;
        }
        return out;
    }

    private static BlockOutput stem(GraphBuilder g, DenseTrunk t, BlockOutput in, boolean inputGradient) {
        StemConfig s = t.stem();
        Dims3 k = s.convKernel();
        Dims3 st = s.convStride();
        Dims3 p = s.convPadding();
        long ct = (in.depth() + 2L * p.t() - k.t()) / st.t() + 1;
        long ch = (in.height() + 2L * p.h() - k.h()) / st.h() + 1;
        long cw = (in.width() + 2L * p.w() - k.w()) / st.w() + 1;
        if (in.depth() + 2L * p.t() < k.t() || in.height() + 2L * p.h() < k.h() || in.width() + 2L * p.w() < k.w()) {
            throw new IllegalArgumentException("Layer '" + STEM_CONV + "' with kernel " + k + " and padding " + p
                    + " needs a larger input than " + Shapes.describe(in.type()));
        }
        double std = Math.sqrt(2.0 / (t.numInitFeatures() * k.volume()));
        g.addLayer(STEM_CONV, Conv3D.builder()
                .inputGradient(inputGradient) // the network input is data: no gradient unless asked for
                .convolutionMode(ConvolutionMode.Truncate)
                .kernelSize(k.toArray())
                .stride(st.toArray())
                .padding(p.toArray())
                .dataFormat(Convolution3D.DataFormat.NCDHW)
                .nIn(t.inChannels())
                .nOut(t.numInitFeatures())
                .hasBias(false)
                .activation(Activation.IDENTITY)
                .weightInit(new WeightInitDistribution(new NormalDistribution(0, std)))
                .build(), INPUT);
        g.addLayer(STEM_NORM, BatchNorm3D.builder().channels(t.numInitFeatures()).eps(t.batchNorm().eps())
                .momentum(t.batchNorm().momentum()).activation(BatchNorm3D.Activation.RELU).build(), STEM_CONV);
        BlockOutput conv = BlockOutput.of(STEM_NORM, t.numInitFeatures(), ct, ch, cw);
        return Pooling3D.append(g, STEM_POOL, conv, Subsampling3DLayer.PoolingType.MAX, s.poolKernel(),
                s.poolStride(), s.poolPadding());
    }
}
