package org.t3d.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.t3d.cli.bench.PeakMemory;
import org.t3d.cli.bench.Timing;
import org.t3d.core.blocks.BatchNormSettings;
import org.t3d.core.blocks.BlockOutput;
import org.t3d.core.blocks.DenseBlock3D;
import org.t3d.core.blocks.DenseLayer3D;
import org.t3d.core.blocks.TemporalTransitionLayer;
import org.t3d.core.layers.Conv3D;
import org.t3d.core.train.FusedGraphUpdater;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code t3d benchmark-blocks}: times the building blocks the performance issue names, at its shapes, plus a large
 * sgemm as the machine's reference GFLOP/s, so that "a conv-dominated block reaches x % of sgemm" is measured in
 * one run. Each block is followed by a global average pool and a 2-way linear MSE head (the same in
 * {@code benchmarks/pytorch_blocks.py}); "train" is forward + backward + a Nesterov SGD update with weight decay.
 * GFLOP/s counts convolution FLOPs only: 2·MACs for the forward, 6·MACs for a training step.
 */
@Command(name = "benchmark-blocks", mixinStandardHelpOptions = true,
        description = "Time Conv3D, TTL and dense-block forward and training steps and a reference sgemm "
                + "(median after warm-up); prints RESULT lines for benchmarks/run_benchmarks.sh.")
final class BlockBenchmarkCommand implements Callable<Integer> {

    /** A benchmarked block at the shape. */
    private record Block(String id, long[] input, java.util.function.BiFunction<GraphBuilder, BlockOutput,
            BlockOutput> build) {
    }

    private static final BatchNormSettings BN = BatchNormSettings.DEFAULT;

    private static final List<Block> BLOCKS = List.of(
            new Block("conv3d", new long[] {2, 64, 16, 28, 28}, (g, in) -> {
                g.addLayer("conv", Conv3D.builder().kernelSize(3, 3, 3).padding(1, 1, 1).nIn(64).nOut(64)
                        .hasBias(false).activation(Activation.IDENTITY).dataFormat(Convolution3D.DataFormat.NCDHW)
                        .weightInit(WeightInit.RELU).build(), in.vertex());
                return BlockOutput.of("conv", 64, in.depth(), in.height(), in.width());
            }),
            new Block("ttl", new long[] {4, 64, 8, 28, 28},
                    (g, in) -> TemporalTransitionLayer.paper(new int[] {1, 3, 6}, 32).append(g, "ttl1", in)),
            new Block("dense4", new long[] {2, 64, 8, 28, 28}, (g, in) -> new DenseBlock3D(4,
                    DenseLayer3D.builder().growthRate(32).bnSize(4).bn(BN).build()).append(g, "block1", in)));

    @Option(names = "--blocks", split = ",", defaultValue = "conv3d,ttl,dense4",
            description = "Blocks to time: conv3d, ttl, dense4 (default all), or none (only the sgemm).")
    List<String> blocks;

    @Option(names = "--reps", defaultValue = "7", description = "Timed repetitions per mode (default 7).")
    int reps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed warm-up runs per mode (default 2).")
    int warmup;

    @Option(names = "--sgemm", defaultValue = "2048", description = "Size n of the reference n×n×n sgemm (default "
            + "2048; 0 skips it).")
    int sgemm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (reps < 1 || warmup < 0 || sgemm < 0) {
            throw new IllegalArgumentException("--reps >= 1, --warmup >= 0 and --sgemm >= 0 required");
        }
        PrintWriter out = spec.commandLine().getOut();
        Timing timing = new Timing(out, warmup, reps);
        if (sgemm > 0) {
            INDArray a = Nd4j.rand(DataType.FLOAT, sgemm, sgemm);
            INDArray b = Nd4j.rand(DataType.FLOAT, sgemm, sgemm);
            INDArray c = Nd4j.create(DataType.FLOAT, sgemm, sgemm);
            Timing.Result r = timing.run("sgemm", () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0));
            double gflops = 2.0 * sgemm * sgemm * (double) sgemm / 1e9 / r.medianSeconds();
            out.printf(Locale.ROOT, "RESULT impl=dl4j block=sgemm%d mode=fwd median_s=%.5f gflops=%.1f%n", sgemm,
                    r.medianSeconds(), gflops);
        }
        for (String id : blocks) {
            if (id.equals("none")) {
                continue;
            }
            Block b = BLOCKS.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("unknown block '" + id + "' (conv3d, ttl, dense4)"));
            run(b, timing, out);
        }
        out.printf(Locale.ROOT, "RESULT impl=dl4j block=process mode=peak peak_rss_mb=%.0f%n",
                PeakMemory.peakRssBytes() / 1048576.0);
        out.flush();
        return 0;
    }

    private static void run(Block b, Timing timing, PrintWriter out) {
        long[] s = b.input();
        GraphBuilder gb = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(7)
                .updater(new Nesterovs(0.01, 0.9)).regularization(List.of(new WeightDecay(1e-4, true)))
                .graphBuilder().addInputs("input")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, s[2], s[3], s[4], s[1]));
        BlockOutput o = b.build().apply(gb, BlockOutput.of("input", s[1], s[2], s[3], s[4]));
        gb.addLayer("head/pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), o.vertex());
        gb.addLayer("head/fc", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .nIn(o.channels()).nOut(2).build(), "head/pool");
        gb.setOutputs("head/fc");
        ComputationGraphConfiguration conf = gb.build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        FusedGraphUpdater.install(g);
        double gmacs = convGmacs(conf, InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, s[2], s[3], s[4],
                s[1])) * s[0];
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, s);
        INDArray y = Nd4j.randn(DataType.FLOAT, s[0], 2);
        MultiDataSet mds = new MultiDataSet(x, y);
        Timing.Result f = timing.run(b.id() + " forward", () -> g.output(false, x));
        Timing.Result t = timing.run(b.id() + " train", () -> g.fit(mds));
        out.printf(Locale.ROOT, "RESULT impl=dl4j block=%s mode=fwd median_s=%.5f gflops=%.1f%n", b.id(),
                f.medianSeconds(), 2 * gmacs / f.medianSeconds());
        out.printf(Locale.ROOT, "RESULT impl=dl4j block=%s mode=train median_s=%.5f gflops=%.1f%n", b.id(),
                t.medianSeconds(), 6 * gmacs / t.medianSeconds());
        out.flush();
    }

    /** @return GMACs per example of the graph's Convolution3D layers */
    private static double convGmacs(ComputationGraphConfiguration conf, InputType in) {
        Map<String, InputType> types = conf.getLayerActivationTypes(in);
        double macs = 0;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof Convolution3D c) {
                InputType.InputTypeConvolutional3D t = (InputType.InputTypeConvolutional3D) types.get(e.getKey());
                int[] k = c.getKernelSize();
                macs += (double) t.getChannels() * t.getDepth() * t.getHeight() * t.getWidth() * c.getNIn() * k[0]
                        * k[1] * k[2];
            }
        }
        return macs / 1e9;
    }
}
