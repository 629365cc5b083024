package org.t3d.transfer.bench;

import java.util.Arrays;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.transfer.teacher.DenseNet2dBuilder;
import org.t3d.transfer.teacher.DenseNet2dConfig;

/**
 * Teacher throughput: DenseNet-121 (depth-1 3D layers), inference mode, frames of 224×224 fed as one
 * [1, 3, X, 224, 224] pair input (and as [X, 3, 1, 224, 224] for comparison), median of repeated runs after a
 * warm-up. Run: {@code java -cp <test classpath> org.t3d.transfer.bench.TeacherBenchmark [frames] [reps]}.
 */
public final class TeacherBenchmark {

    private TeacherBenchmark() {
    }

    /**
     * @param args frames per pass (default 8), repetitions (default 5)
     */
    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ComputationGraph g = DenseNet2dBuilder.build(DenseNet2dConfig.DENSENET_121, frames, 224, 224, DataType.FLOAT);
        Nd4j.getRandom().setSeed(1);
        INDArray asTime = Nd4j.randn(DataType.FLOAT, 1, 3, frames, 224, 224);
        INDArray asBatch = asTime.permute(0, 2, 1, 3, 4).reshape(frames, 3, 1, 224, 224).dup('c');
        System.out.println(result("pair input [1,3," + frames + ",224,224]", g, asTime, frames, reps));
        System.out.println(result("frame batch [" + frames + ",3,1,224,224]", g, asBatch, frames, reps));
    }

    private static String result(String what, ComputationGraph g, INDArray x, int frames, int reps) {
        g.output(false, x);
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            g.output(false, x);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[reps / 2];
        return String.format(java.util.Locale.ROOT,
                "DenseNet-121 teacher, %s: median %.0f ms (runs %s), %.1f frames/s, %.1f GMAC/s",
                what, median, Arrays.toString(Arrays.stream(ms).map(Math::round).toArray()), frames * 1000 / median,
                frames * 2.833 / (median / 1000));
    }
}
