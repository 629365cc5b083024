package org.t3d.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.t3d.cli.data.Preprocessing;
import org.t3d.cli.data.TestClips;
import org.t3d.cli.data.TestCrops;
import org.t3d.cli.data.TrainingClips;
import org.t3d.cli.data.VideoLists;
import org.t3d.cli.demo.DemoOptions;
import org.t3d.cli.demo.DemoRunner;
import org.t3d.cli.plot.Plots;
import org.t3d.cli.progress.ProgressBar;
import org.t3d.cli.progress.TrainProgress;
import org.t3d.core.train.ActivationWorkspace;
import org.t3d.core.train.CheckpointState;
import org.t3d.core.train.Checkpoints;
import org.t3d.core.train.ClassificationValidator;
import org.t3d.core.train.LrSchedule;
import org.t3d.core.train.NonFiniteLossException;
import org.t3d.core.train.OptimizerConfig;
import org.t3d.core.train.TrainConfig;
import org.t3d.core.train.TrainResult;
import org.t3d.core.train.Trainer;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.transform.CropMode;
import org.t3d.data.transform.Normalization;
import org.t3d.models.ModelConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.Profile;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code t3d train}: train a model on labelled videos, with checkpoints, exact resume and curves. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a DenseNet3D / T3D on labelled videos (class folders, a path,label CSV or a list file):",
                "random clips, random corner-or-centre crops and flips, ImageNet mean/std.",
                "Writes <output>/model.zip (with its preprocessing), labels.txt, history.csv,",
                "checkpoints/{last,best}.zip and plots/training-curves.png.",
                "Resume a killed run exactly with --resume <output>/checkpoints/last.zip.",
                "Exit codes: 0 done, 2 bad arguments/input, 4 NaN/Inf loss (last good checkpoint kept)."})
public final class TrainCommand implements Callable<Integer> {

    /** Exit code for a non-finite loss. */
    public static final int NON_FINITE = 4;

    @Option(names = "--train", required = true,
            description = "Training videos: class-folder directory, path,label CSV or '<path> <label>' list file.")
    Path train;

    @Option(names = "--val", description = "Validation videos (clip-level accuracy each epoch).")
    Path val;

    @Option(names = {"-m", "--model"}, defaultValue = "t3d-121",
            description = "Model id (t3d-121, t3d-169, densenet3d-121, densenet3d-169, ...), 'tiny', or a config JSON "
                    + "file (t3d-config.json) (default: ${DEFAULT-VALUE}).")
    String modelId;

    @Option(names = "--init", description = "Start from these weights (model zip with the same architecture).")
    Path init;

    @Option(names = "--frames", defaultValue = "32", description = "Frames per clip (default: ${DEFAULT-VALUE}); saved "
            + "with the model, with the crop size, short side and normalisation.")
    int frames;

    @Option(names = "--size", defaultValue = "224", description = "Crop size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--short-side", description = "Resize short side before cropping (default: 8/7 of --size).")
    Integer shortSide;

    @Option(names = "--batch", defaultValue = "8", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--memory-efficient", description = "Memory-efficient dense layers: BN-ReLU-Conv1x1x1 recomputed in "
            + "backward (about a quarter less activation memory, same results).")
    boolean memoryEfficient;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--clips-per-video", defaultValue = "1", description = "Random clips per video per epoch (default: ${DEFAULT-VALUE}).")
    int clipsPerVideo;

    @Option(names = "--no-flip", description = "Disable random horizontal flips (for direction-sensitive classes).")
    boolean noFlip;

    @Option(names = "--workers", defaultValue = "2", description = "Decode threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd (Nesterov) or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.1", description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Nesterov momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "L2 weight decay, PyTorch semantics (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--schedule", defaultValue = "step", description = "constant, step or cosine (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--step-epochs", defaultValue = "30", description = "Step schedule: epochs between decays (default: ${DEFAULT-VALUE}).")
    int stepEpochs;

    @Option(names = "--gamma", defaultValue = "0.1", description = "Step schedule: decay factor (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--warmup", defaultValue = "0", description = "Linear warm-up in epochs (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--clip-grad", defaultValue = "0", description = "Clip each layer's gradient L2 norm to this (0 = off).")
    double clipGrad;

    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Also checkpoint every N iterations (0 = epoch ends only).")
    int checkpointEvery;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of weights, data order and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "t3d-run", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--resume", description = "Checkpoint to resume from (same data and options).")
    Path resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (batch < 1 || epochs < 1 || clipsPerVideo < 1) {
            throw new IllegalArgumentException("--batch, --epochs and --clips-per-video must be >= 1");
        }
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("--workers must be in 1..64, got " + workers);
        }
        PrintWriter out = spec.commandLine().getOut();
        DatasetIndex trainIndex = VideoLists.read(train, null);
        List<String> classes = trainIndex.classes();
        DatasetIndex valIndex = val != null ? VideoLists.read(val, classes) : null;
        ModelConfig config = resume != null ? configOf(resume) : modelConfig(classes.size());
        java.util.Optional<String> bn = org.t3d.models.ModelSummary.of(config).batchNormWarning(batch);
        if (bn.isPresent()) {
            throw new IllegalArgumentException("model " + config.family() + ": " + bn.get() + " (--frames, --size, "
                    + "--batch)");
        }
        ModelOptions options = ModelOptions.builder().seed(seed).memoryEfficient(memoryEfficient).build();
        T3dModel model = T3dModels.build(config, options);
        // training runs in this thread: size DL4J's activation workspace before the first step (lower peak memory)
        ActivationWorkspace.presize(org.t3d.models.ModelSummary.of(config, batch, options).activationBytes());
        if (init != null) {
            model.loadWeights(init);
        }
        Preprocessing pre = new Preprocessing(frames, 1, shortSide != null ? shortSide
                : Preprocessing.defaultShortSide(size), size, Normalization.IMAGENET);
        TrainResult r;
        try (TrainingClips trainData = new TrainingClips(trainIndex, pre,
                pre.trainingTransform(CropMode.RANDOM_FIVE_POSITION, noFlip ? 0 : 0.5), clipsPerVideo, batch, seed,
                workers);
                TestClips valClips = valIndex != null
                        ? new TestClips(valIndex, pre, TestCrops.CENTRE, batch, workers) : null) {
            Trainer.Builder tb = Trainer.builder(trainConfig()).train(trainData)
                    .checkpointDir(output.resolve("checkpoints")).metadata("model-config", config.toJson())
                    .metadata("labels", String.join(",", classes)).metadata(Preprocessing.METADATA_KEY, pre.toJson())
                    .listener(new TrainProgress(ProgressBar.stderr(), out));
            if (valClips != null) {
                tb.validator(new ClassificationValidator(valClips.asEpochData()));
            }
            out.printf(Locale.ROOT, "train: %s, %d classes, %d training videos, %,d parameters, %s, %d batches/epoch%n",
                    config.family(), classes.size(), trainIndex.size(), model.graph().numParams(), pre.describe(),
                    trainData.batchesPerEpoch());
            out.flush();
            try {
                r = resume != null ? tb.build().resume(resume) : tb.build().fit(model.graph());
            } catch (NonFiniteLossException e) {
                spec.commandLine().getErr().println("t3d train: error: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return NON_FINITE;
            }
        }
        model.graph().setParams(r.graph().params());
        Path zip = new LoadedModel(model, classes, pre).save(output);
        StringBuilder csv = new StringBuilder("epoch,train_loss,val_loss,val_accuracy,seconds,lr\n");
        r.history().forEach(s -> csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.1f,%.6g%n", s.epoch() + 1,
                s.trainLoss(), s.valLoss(), s.valAccuracy(), s.seconds(), s.learningRate())));
        Files.writeString(output.resolve("history.csv"), csv);
        Plots.trainingCurves(r.history(), config.family(), output.resolve("plots/training-curves.png"));
        out.printf(Locale.ROOT, "train: done, %d iterations in %.0f s; wrote %s%n", r.iterations(), r.seconds(), zip);
        out.flush();
        return 0;
    }

    private ModelConfig modelConfig(int classes) throws IOException {
        if (modelId.equals("tiny")) {
            return DemoRunner.tinyT3d(DemoOptions.FULL).withNumClasses(classes).withInput(frames, size);
        }
        Path json = Path.of(modelId);
        if (modelId.endsWith(".json") || Files.isRegularFile(json)) {
            if (!Files.isRegularFile(json)) {
                throw new IllegalArgumentException("model config file '" + modelId + "' does not exist");
            }
            return ModelConfig.fromJson(Files.readString(json)).withNumClasses(classes).withInput(frames, size);
        }
        return ModelOptions.builder().numClasses(classes).input(frames, size).build()
                .apply(T3dModels.config(modelId, Profile.PAPER));
    }

    private static ModelConfig configOf(Path checkpoint) throws IOException {
        CheckpointState s = Checkpoints.readState(checkpoint);
        String json = s.metadata().get("model-config");
        if (json == null) {
            throw new IllegalArgumentException("checkpoint '" + checkpoint + "' has no model-config entry");
        }
        return ModelConfig.fromJson(json);
    }

    private TrainConfig trainConfig() {
        LrSchedule s = switch (schedule) {
            case "constant" -> LrSchedule.constant();
            case "step" -> LrSchedule.step(stepEpochs, gamma);
            case "cosine" -> LrSchedule.cosine(0.0);
            default -> throw new IllegalArgumentException("--schedule must be constant, step or cosine, got '" + schedule + "'");
        };
        OptimizerConfig.Kind kind = switch (optimizer) {
            case "sgd" -> OptimizerConfig.Kind.SGD_NESTEROV;
            case "adam" -> OptimizerConfig.Kind.ADAM;
            default -> throw new IllegalArgumentException("--optimizer must be sgd or adam, got '" + optimizer + "'");
        };
        OptimizerConfig.Builder o = OptimizerConfig.builder().kind(kind).learningRate(lr).momentum(momentum)
                .weightDecay(weightDecay).schedule(s.withWarmup(warmup));
        if (clipGrad > 0) {
            o.clipping(OptimizerConfig.Clipping.L2_PER_PARAM_TYPE, clipGrad);
        }
        return TrainConfig.builder().epochs(epochs).seed(seed).optimizer(o.build()).checkpointEvery(checkpointEvery)
                .build();
    }
}
