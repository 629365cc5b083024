package org.t3d.cli.run;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.t3d.cli.data.DenseClipData;
import org.t3d.cli.data.VideoIndex;
import org.t3d.cli.plot.Plots;
import org.t3d.cli.progress.ProgressBar;
import org.t3d.core.eval.EvalProtocol;
import org.t3d.core.eval.EvaluationReport;
import org.t3d.core.eval.Evaluator;
import org.t3d.core.eval.VideoIdProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code t3d evaluate}: clip- and video-level accuracy with the paper's test protocol. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on labelled videos: dense non-overlapping clips, centre crop, video score =",
                "mean clip softmax (the paper's protocol). Writes <name>.json, <name>.md and <name>-confusion.png."})
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, description = "Model zip or training checkpoint.")
    Path model;

    @Option(names = {"-d", "--data"}, required = true,
            description = "Class-folder directory or CSV of path,label lines.")
    Path data;

    @Option(names = "--labels", description = "Class names, one per line (default: from the model).")
    Path labels;

    @Mixin
    ClipOptions clip = new ClipOptions();

    @Option(names = "--batch", defaultValue = "4", description = "Videos per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = {"-o", "--output"}, defaultValue = "t3d-eval", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--name", defaultValue = "evaluation", description = "Report base name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--dataset", description = "Data set and split named in the report (default: the --data path).")
    String dataset;

    @Override
    public Integer call() throws Exception {
        LoadedModel m = LoadedModel.load(model, labels);
        VideoIndex index = VideoIndex.read(data, m.labels());
        int frames = clip.frames(m.model().config().inputFrames());
        int size = clip.size(m.model().config().inputSize());
        DenseClipData clips = new DenseClipData(index.videos(), m.labels().size(), batch, frames, size,
                clip.shortSide(size));
        EvalProtocol protocol = new EvalProtocol(dataset != null ? dataset : data.toString(), frames, 1,
                "dense non-overlapping clips covering each video, the last one loop-padded", size, "centre",
                EvalProtocol.MEAN_SOFTMAX);
        ProgressBar bar = ProgressBar.stderr();
        bar.start("evaluate", index.videos().size(), "videos");
        int[] lastVideos = {0};
        EvaluationReport r = Evaluator.evaluate(m.model().graph(), clips.iterator(false),
                VideoIdProvider.fromExampleMetaData(), protocol, model.toString(), m.labels(), done -> {
                    int v = Math.min(index.videos().size(), lastVideos[0] + batch);
                    bar.step(v - lastVideos[0], Double.NaN);
                    lastVideos[0] = v;
                });
        bar.finish();
        Path json = r.write(output, name);
        Plots.confusionMatrix(r.video().confusion(), m.labels(), "video-level confusion", output.resolve(name + "-confusion.png"));
        System.out.printf(Locale.ROOT, "evaluate: %d videos, %d clips; clip top-1 %.2f %%, top-%d %.2f %%; video top-1 %.2f %%, "
                + "top-%d %.2f %%, mean class accuracy %.2f %%%n", r.video().count(), r.clip().count(),
                100 * r.clip().top1(), r.clip().topK(), 100 * r.clip().top5(), 100 * r.video().top1(), r.video().topK(),
                100 * r.video().top5(), 100 * r.video().meanClassAccuracy());
        System.out.println("evaluate: protocol: " + protocol.describe());
        System.out.println("evaluate: wrote " + json + ", " + output.resolve(name + ".md") + ", "
                + output.resolve(name + "-confusion.png"));
        return 0;
    }
}
