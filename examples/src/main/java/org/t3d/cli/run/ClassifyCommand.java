package org.t3d.cli.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.t3d.cli.data.DenseClipData;
import org.t3d.cli.data.LabelledVideo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code t3d classify <video>}: top-5 classes of one video. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify one video: mean softmax over its dense centre-crop clips, top-5 with class names.")
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

    @Override
    public Integer call() throws Exception {
        LoadedModel m = LoadedModel.load(model, labels);
        int frames = clip.frames(m.model().config().inputFrames());
        int size = clip.size(m.model().config().inputSize());
        DenseClipData clips = new DenseClipData(List.of(new LabelledVideo(video, 0)), m.labels().size(), 1, frames,
                size, clip.shortSide(size));
        MultiDataSetIterator it = clips.iterator(false);
        INDArray x = it.next().getFeatures(0);
        float[] p = m.model().predict(x).mean(0).toFloatVector();
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
        System.out.printf(Locale.ROOT, "%s (%d clips of %d frames, %dx%d):%n", video.getFileName(), x.size(0), frames,
                size, size);
        for (int k = 0; k < Math.min(top, p.length); k++) {
            System.out.printf(Locale.ROOT, "%d. %-24s %6.2f %%%n", k + 1, m.labels().get(order[k]), 100 * p[order[k]]);
        }
        return 0;
    }
}
