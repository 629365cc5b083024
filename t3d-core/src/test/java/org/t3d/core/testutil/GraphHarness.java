package org.t3d.core.testutil;

import java.util.function.BiFunction;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.t3d.core.blocks.BlockOutput;

/**
 * Builds tiny test graphs around a block: input → block → global average pool → softmax output, in double
 * precision with a no-op updater, ready for {@link GradientCheckUtil}.
 */
public final class GraphHarness {

    /** Name of the graph input. */
    public static final String INPUT = "input";

    private GraphHarness() {
    }

    /**
     * @param input   input activation type as a BlockOutput named {@link #INPUT}
     * @param block   appends the block and returns its output
     * @param classes number of classes of the softmax head
     * @param dtype   network data type
     * @return the initialised graph
     */
    public static ComputationGraph build(BlockOutput input, BiFunction<GraphBuilder, BlockOutput, BlockOutput> block,
            int classes, DataType dtype) {
        GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .dataType(dtype)
                .seed(12345)
                .updater(new NoOp())
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(input.type());
        BlockOutput out = block.apply(gb, input);
        gb.addLayer("head/pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), out.vertex());
        gb.addLayer("head/fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(out.channels()).nOut(classes).build(), "head/pool");
        gb.setOutputs("head/fc");
        gb.allowDisconnected(true); // side branches (e.g. a transition built next to a TTL) are fine in tests
        ComputationGraphConfiguration conf = gb.build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** @return one-hot labels [n, classes] with a deterministic pattern */
    public static INDArray labels(long n, int classes) {
        INDArray l = Nd4j.zeros(DataType.DOUBLE, n, classes);
        for (int i = 0; i < n; i++) {
            l.putScalar(i, i % classes, 1.0);
        }
        return l;
    }

    /**
     * Runs DL4J's gradient check (double precision, central differences, eps 1e-6).
     *
     * @return true when every parameter passes
     */
    public static boolean gradientCheck(ComputationGraph g, INDArray input, INDArray labels) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {input}).labels(new INDArray[] {labels})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .exitOnFirstError(false));
    }

    /**
     * As {@link #gradientCheck(ComputationGraph, INDArray, INDArray)}, skipping some parameter arrays (DL4J 1.0.0-M2.1
     * ignores {@code subset} for graphs, so large standard layers of a block are skipped instead; gradients still
     * flow through them into the checked parameters).
     *
     * @param exclude graph parameter names to skip, e.g. {@code block1/layer01/conv2_W}
     * @return true when every checked parameter passes
     */
    public static boolean gradientCheck(ComputationGraph g, INDArray input, INDArray labels,
            java.util.Set<String> exclude) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {input}).labels(new INDArray[] {labels})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .excludeParams(exclude)
                .exitOnFirstError(false));
    }
}
