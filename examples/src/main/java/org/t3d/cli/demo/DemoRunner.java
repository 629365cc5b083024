package org.t3d.cli.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.t3d.cli.data.DenseProtocol;
import org.t3d.cli.data.Preprocessing;
import org.t3d.cli.data.TestClips;
import org.t3d.cli.data.TestCrops;
import org.t3d.cli.data.TrainingClips;
import org.t3d.cli.plot.Plots;
import org.t3d.cli.progress.ProgressBar;
import org.t3d.cli.progress.TrainProgress;
import org.t3d.cli.run.LoadedModel;
import org.t3d.core.eval.EvaluationReport;
import org.t3d.core.eval.Evaluator;
import org.t3d.core.train.ClassificationValidator;
import org.t3d.core.train.LrSchedule;
import org.t3d.core.train.OptimizerConfig;
import org.t3d.core.train.TrainConfig;
import org.t3d.core.train.TrainResult;
import org.t3d.core.train.Trainer;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.dataset.VideoSample;
import org.t3d.data.sampling.DenseClipSampler;
import org.t3d.data.transform.CropMode;
import org.t3d.data.transform.Normalization;
import org.t3d.models.ModelOptions;
import org.t3d.models.T3dConfig;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;
import org.t3d.models.TtlConfig;

/**
 * Runs the demo end to end on the path used for real data (t3d-data's decoder, samplers, transforms and prefetching
 * iterator): generate videos → train a tiny T3D on random clips and crops → evaluate on held-out videos at clip and
 * video level (dense clips, centre crop) → single-frame control → classify one video → plots and reports.
 */
public final class DemoRunner {

    /** Decode threads of each iterator. */
    private static final int WORKERS = 2;

    private final DemoOptions options;
    private final Path out;
    private final PrintStream say;
    private final ProgressBar bar;

    /**
     * @param options sizes
     * @param out     output directory (videos, model, reports, plots)
     * @param say     where the human-readable lines go (stdout in the CLI)
     * @param bar     progress bar (stderr in the CLI)
     */
    public DemoRunner(DemoOptions options, Path out, PrintStream say, ProgressBar bar) {
        this.options = options;
        this.out = out;
        this.say = say;
        this.bar = bar;
    }

    /** @return the tiny T3D of the demo: k = 8, blocks (1,1,1,1), 3 TTLs {1,3,6},{1,3,4},{1,3,4} */
    public static T3dConfig tinyT3d(DemoOptions o) {
        return T3dConfig.builder().growthRate(o.growthRate()).blockConfig(1, 1, 1, 1).numInitFeatures(o.initFeatures())
                .bnSize(4).ttl(TtlConfig.PAPER.withBranchChannels(o.ttlChannels()))
                .numClasses(SyntheticMotionDataset.CLASSES.size()).input(o.clipLength(), o.crop()).build();
    }

    /** @return the result; see {@link DemoResult#lastLine()} */
    public DemoResult run() {
        long t0 = System.nanoTime();
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        List<String> classes = SyntheticMotionDataset.CLASSES;
        DemoOptions o = options;

        say.printf(Locale.ROOT, "demo: writing %d training and %d test videos (%d frames, %dx%d, MPEG-4 AVI) to %s%n",
                o.trainPerClass() * classes.size(), o.testPerClass() * classes.size(), o.videoFrames(), o.videoSize(),
                o.videoSize(), out.resolve("videos"));
        SyntheticMotionDataset gen = new SyntheticMotionDataset(o.videoSize(), o.videoFrames(), o.square(), o.speed());
        DatasetIndex train = gen.generate(out.resolve("videos"), "train", o.trainPerClass(), o.seed());
        DatasetIndex test = gen.generate(out.resolve("videos"), "test", o.testPerClass(), o.seed() + 1);

        T3dConfig config = tinyT3d(o);
        T3dModel model = T3dModels.build(config, ModelOptions.builder().seed(o.seed()).build());
        say.printf(Locale.ROOT, "demo: tiny T3D (growth %d, blocks %s, %d TTLs), %,d parameters, clips %dx%dx%d%n",
                o.growthRate(), config.trunk().blockConfig(),
                config.trunk().blockConfig().size() - 1, model.graph().numParams(), o.clipLength(), o.crop(), o.crop());

        // Frames as decoded (no resize), ImageNet mean/std. Random crops without flips: a flip would turn "left"
        // into "right".
        Preprocessing pre = new Preprocessing(o.clipLength(), 1, 0, o.crop(), Normalization.IMAGENET);
        TrainConfig tc = TrainConfig.builder().epochs(o.epochs()).seed(o.seed())
                .optimizer(OptimizerConfig.builder().kind(OptimizerConfig.Kind.ADAM).learningRate(o.learningRate())
                        .weightDecay(1e-4).schedule(LrSchedule.cosine(0.05).withWarmup(0.5)).build())
                .build();
        TrainResult r;
        EvaluationReport report;
        EvaluationReport control;
        try (TrainingClips trainData = new TrainingClips(train, pre, pre.trainingTransform(CropMode.RANDOM, 0),
                o.clipsPerVideo(), o.batchSize(), o.seed(), WORKERS);
                TestClips testClips = new TestClips(test, pre, TestCrops.CENTRE, o.batchSize(), WORKERS);
                TestClips stills = new TestClips(test, new SingleFrameSampler(new DenseClipSampler(o.clipLength(), 1)),
                        pre.testTransform(CropMode.CENTER), o.batchSize(), WORKERS)) {
            r = Trainer.builder(tc).train(trainData).validator(new ClassificationValidator(testClips.asEpochData()))
                    .checkpointDir(out.resolve("checkpoints")).metadata("model-config", config.toJson())
                    .metadata("labels", String.join(",", classes)).metadata(Preprocessing.METADATA_KEY, pre.toJson())
                    .listener(new TrainProgress(bar, say)).build().fit(model.graph());
            model.graph().setParams(r.graph().params());

            String dataset = "synthetic motion demo (held-out videos)";
            report = DenseProtocol.withClipCounts(Evaluator.evaluate(model.graph(), testClips.iterator(),
                    testClips.videoIds(), DenseProtocol.of(dataset, pre, TestCrops.CENTRE), "tiny T3D (demo)", classes,
                    null), TestCrops.CENTRE);
            control = DenseProtocol.withClipCounts(Evaluator.evaluate(model.graph(), stills.iterator(),
                    stills.videoIds(), DenseProtocol.of(dataset + ", single-frame control", pre, TestCrops.CENTRE,
                            "dense non-overlapping clips, each replaced by its middle frame repeated"),
                    "tiny T3D (demo)", classes, null), TestCrops.CENTRE);
        }
        Path reports = out.resolve("reports");
        report.write(reports, "evaluation");
        control.write(reports, "single-frame-control");
        Plots.trainingCurves(r.history(), "tiny T3D on synthetic motion", out.resolve("plots/training-curves.png"));
        Plots.confusionMatrix(report.video().confusion(), classes, "video-level confusion (held-out videos)",
                out.resolve("plots/confusion-matrix.png"));
        try {
            new LoadedModel(model, classes, pre).save(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the demo model: " + e.getMessage(), e);
        }

        VideoSample one = test.samples().get(0);
        float[] probs = classifyVideo(model, pre, test, one);
        say.printf(Locale.ROOT, "demo: classify %s (true: %s):", one.id(), classes.get(one.label()));
        int[] order = topK(probs, Math.min(5, classes.size()));
        for (int c : order) {
            say.printf(Locale.ROOT, "  %s %.1f %%", classes.get(c), 100 * probs[c]);
        }
        say.println();
        double chance = 1.0 / classes.size();
        say.printf(Locale.ROOT, "demo: clip accuracy %.1f %%, video accuracy %.1f %% (%d videos), single-frame control "
                + "%.1f %% (chance %.1f %%)%n", 100 * report.clip().top1(), 100 * report.video().top1(),
                report.video().count(), 100 * control.video().top1(), 100 * chance);
        say.printf("demo: wrote %s, %s, %s%n", out.resolve(LoadedModel.MODEL_FILE), reports, out.resolve("plots"));
        double secs = (System.nanoTime() - t0) / 1e9;
        return new DemoResult(report.video().top1(), report.clip().top1(), control.video().top1(), chance, secs, report,
                out, report.video().top1() >= o.minVideoAccuracy());
    }

    /** @return mean softmax over the dense centre-crop clips of one video */
    private static float[] classifyVideo(T3dModel model, Preprocessing pre, DatasetIndex index, VideoSample v) {
        DatasetIndex one = new DatasetIndex("demo video", index.classes(), List.of(v), List.of());
        try (TestClips clips = new TestClips(one, pre, TestCrops.CENTRE, 64, 1)) {
            MultiDataSetIterator it = clips.iterator();
            return model.predict(it.next().getFeatures(0)).castTo(DataType.FLOAT).mean(0).toFloatVector();
        }
    }

    private static int[] topK(float[] p, int k) {
        Integer[] idx = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(p[b], p[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
