package org.t3d.cli.run;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.t3d.cli.data.Preprocessing;
import org.t3d.cli.data.TestClips;
import org.t3d.cli.data.TestCrops;
import org.t3d.cli.data.VideoLists;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code t3d classify <video>}: top-k classes of one video. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify one video: mean softmax over its dense clips x crops, top-k with class names.")
public final class ClassifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VIDEO", description = "Video file.")
    Path video;

    @Option(names = {"-m", "--model"}, required = true, description = "Model zip or training checkpoint.")
    Path model;

    @Option(names = "--labels", description = "Class names, one per line (default: from the model).")
    Path labels;

    @Option(names = "--top", defaultValue = "5", description = "How many classes to print (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    ClipOptions clip = new ClipOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be >= 1, got " + top);
        }
        TestCrops crops = clip.crops();
        LoadedModel m = LoadedModel.load(model, labels);
        Preprocessing p = clip.resolve(m.preprocessing());
        double[] sum = new double[m.labels().size()];
        int examples = 0;
        try (TestClips clips = new TestClips(VideoLists.single(video, m.labels()), p, crops, 8, clip.workers())) {
            MultiDataSetIterator it = clips.iterator();
            while (it.hasNext()) {
                MultiDataSet b = it.next();
                float[][] probs = m.model().predict(b.getFeatures(0)).castTo(DataType.FLOAT).toFloatMatrix();
                for (float[] row : probs) {
                    for (int c = 0; c < row.length; c++) {
                        sum[c] += row[c];
                    }
                }
                examples += probs.length;
            }
        }
        double[] mean = new double[sum.length];
        for (int c = 0; c < sum.length; c++) {
            mean[c] = sum[c] / examples;
        }
        Integer[] order = new Integer[mean.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(mean[b], mean[a]));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %d clips x %s, %s:%n", video.getFileName(), examples / crops.count(),
                crops.label(), p.describe());
        for (int k = 0; k < Math.min(top, mean.length); k++) {
            out.printf(Locale.ROOT, "%d. %-24s %6.2f %%%n", k + 1, m.labels().get(order[k]), 100 * mean[order[k]]);
        }
        out.flush();
        return 0;
    }
}
