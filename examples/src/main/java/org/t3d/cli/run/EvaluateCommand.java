package org.t3d.cli.run;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.t3d.cli.data.DenseProtocol;
import org.t3d.cli.data.Preprocessing;
import org.t3d.cli.data.TestClips;
import org.t3d.cli.data.TestCrops;
import org.t3d.cli.data.VideoLists;
import org.t3d.cli.plot.Plots;
import org.t3d.cli.progress.ProgressBar;
import org.t3d.core.eval.EvalProtocol;
import org.t3d.core.eval.EvaluationReport;
import org.t3d.core.eval.Evaluator;
import org.t3d.data.dataset.DatasetIndex;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code t3d evaluate}: clip- and video-level accuracy with the paper's test protocol. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on labelled videos: dense non-overlapping clips, centre crop (or --crops 3),",
                "video score = mean softmax over all clips x crops (the paper's protocol), preprocessing as trained.",
                "Writes <name>.json, <name>.md and <name>-confusion.png."})
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, description = "Model zip or training checkpoint.")
    Path model;

    @Option(names = {"-d", "--data"}, required = true,
            description = "Class-folder directory, CSV of path,label lines or list of '<path> <label>' lines.")
    Path data;

    @Option(names = "--labels", description = "Class names, one per line (default: from the model).")
    Path labels;

    @Mixin
    ClipOptions clip = new ClipOptions();

    @Option(names = "--batch", defaultValue = "8", description = "Clips (x crops) per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = {"-o", "--output"}, defaultValue = "t3d-eval", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--name", defaultValue = "evaluation", description = "Report base name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--dataset", description = "Data set and split named in the report (default: the --data path).")
    String dataset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        }
        TestCrops crops = clip.crops();
        LoadedModel m = LoadedModel.load(model, labels);
        Preprocessing p = clip.resolve(m.preprocessing());
        DatasetIndex index = VideoLists.read(data, m.labels());
        EvalProtocol protocol = DenseProtocol.of(dataset != null ? dataset : data.toString(), p, crops);
        ProgressBar bar = ProgressBar.stderr();
        bar.start("evaluate", -1, "clips");
        int[] lastClips = {0};
        EvaluationReport r;
        try (TestClips clips = new TestClips(index, p, crops, batch, clip.workers())) {
            r = Evaluator.evaluate(m.model().graph(), clips.iterator(), clips.videoIds(), protocol, model.toString(),
                    m.labels(), done -> {
                        bar.step(done - lastClips[0], Double.NaN);
                        lastClips[0] = done;
                    });
        }
        bar.finish();
        r = DenseProtocol.withClipCounts(r, crops);
        Path json = r.write(output, name);
        Path png = output.resolve(name + "-confusion.png");
        Plots.confusionMatrix(r.video().confusion(), m.labels(), "video-level confusion", png);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "evaluate: %d videos, %d clips x crops; clip top-1 %.2f %%, top-%d %.2f %%; video top-1 "
                + "%.2f %%, top-%d %.2f %%, mean class accuracy %.2f %%%n", r.video().count(), r.clip().count(),
                100 * r.clip().top1(), r.clip().topK(), 100 * r.clip().top5(), 100 * r.video().top1(), r.video().topK(),
                100 * r.video().top5(), 100 * r.video().meanClassAccuracy());
        out.println("evaluate: preprocessing: " + p.describe());
        out.println("evaluate: protocol: " + r.protocol().describe());
        out.println("evaluate: wrote " + json + ", " + output.resolve(name + ".md") + ", " + png);
        out.flush();
        return 0;
    }
}
