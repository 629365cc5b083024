package org.t3d.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.t3d.cli.progress.ProgressBar;
import org.t3d.cli.progress.TrainProgress;
import org.t3d.core.train.LrSchedule;
import org.t3d.core.train.OptimizerConfig;
import org.t3d.core.train.Trainer;
import org.t3d.models.ModelConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.Profile;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;
import org.t3d.transfer.net.CorrespondenceConfig;
import org.t3d.transfer.pairs.PairConfig;
import org.t3d.transfer.pairs.VideoList;
import org.t3d.transfer.teacher.DenseNet2dConfig;
import org.t3d.transfer.teacher.StateDicts;
import org.t3d.transfer.train.SupervisionTransfer;
import org.t3d.transfer.train.TransferConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code t3d transfer}: 2D→3D supervision transfer from unlabelled videos; writes the student as a plain model zip
 * with a fresh classifier, ready for fine-tuning. See {@code docs/transfer.md}.
 */
@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = "Supervision transfer: train a 3D student to match a frozen 2D DenseNet teacher on unlabelled "
                + "videos (no labels needed); write the student as a model zip.")
final class TransferCommand implements Callable<Integer> {

    @Option(names = "--videos", required = true, description = "Folder of videos or a list file (one path per line).")
    Path videos;

    @Option(names = "--val-videos", description = "Held-out videos for the per-epoch pair accuracy (optional).")
    Path valVideos;

    @Option(names = "--student", defaultValue = "t3d-121",
            description = "Student model id or config JSON (default t3d-121).")
    String student;

    @Option(names = "--profile", description = "paper (default) or official; for model ids only.")
    String profile;

    @Option(names = "--teacher-weights", required = true,
            description = "torchvision DenseNet state dict as .npz (see docs/transfer.md for the export snippet).")
    Path teacherWeights;

    @Option(names = "--teacher-blocks", defaultValue = "6,12,24,16", split = ",",
            description = "Teacher dense-block tuple (default 6,12,24,16 = DenseNet-121).")
    List<Integer> teacherBlocks;

    @Option(names = "--frames", defaultValue = "32", description = "X, teacher frames per pair (default 32).")
    int frames;

    @Option(names = "--clip-frames", description = "T, student clip length (default: --frames).")
    Integer clipFrames;

    @Option(names = "--frame-stride", defaultValue = "1", description = "Temporal stride of the clip (default 1).")
    int frameStride;

    @Option(names = "--size", defaultValue = "224", description = "Crop size of frames and clip (default 224).")
    int size;

    @Option(names = "--resize", description = "Short side before cropping (default size*256/224).")
    Integer resize;

    @Option(names = "--batch", defaultValue = "32", description = "Pairs per mini-batch, even (default 32).")
    int batch;

    @Option(names = "--epochs", defaultValue = "150", description = "Epochs (default 150).")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.1", description = "Initial learning rate (default 0.1).")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Nesterov momentum (default 0.9).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "L2 weight decay (default 1e-4).")
    double weightDecay;

    @Option(names = "--lr-step", defaultValue = "30", description = "Divide the lr every this many epochs (30).")
    int lrStep;

    @Option(names = "--lr-gamma", defaultValue = "0.1", description = "Factor per lr step (default 0.1).")
    double lrGamma;

    @Option(names = "--warmup", defaultValue = "0", description = "Linear lr warm-up in epochs (default 0).")
    double warmup;

    @Option(names = "--extra-fc", description = "Add the 2048->2048 FC after the concat (UNVERIFIED reading).")
    boolean extraFc;

    @Option(names = "--classes", description = "Classes of the exported student's fresh classifier (default: the "
            + "student's, 400 for ids).")
    Integer classes;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default 42).")
    long seed;

    @Option(names = "--checkpoint-dir", description = "Checkpoint folder (default <out>.ckpt).")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "0",
            description = "Also checkpoint every N iterations (default 0: at epoch ends only).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Resume from <checkpoint-dir>/last.zip when it exists.")
    boolean resume;

    @Option(names = "--out", required = true, description = "Output model zip (the student).")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelConfig s;
        if (student.endsWith(".json")) {
            s = ModelConfig.fromJson(Files.readString(Path.of(student)));
        } else {
            s = T3dModels.config(student, profile == null ? Profile.PAPER : Profile.parse(profile));
        }
        int t = clipFrames == null ? frames : clipFrames;
        CorrespondenceConfig net = CorrespondenceConfig.builder()
                .teacher(DenseNet2dConfig.builder().blockConfig(teacherBlocks).build())
                .student(s.withInput(t, size)).frames(frames).frameSize(size).clipFrames(t).clipSize(size)
                .extraFc(extraFc).build();
        PairConfig pairs = PairConfig.builder().frames(frames).clipFrames(t).frameStride(frameStride).size(size)
                .resizeShortSide(resize != null ? resize : Math.round(size * 256f / 224f)).pairsPerBatch(batch)
                .seed(seed).build();
        OptimizerConfig opt = TransferConfig.PAPER_OPTIMIZER.toBuilder().learningRate(lr).momentum(momentum)
                .weightDecay(weightDecay).schedule(LrSchedule.step(lrStep, lrGamma).withWarmup(warmup)).build();
        TransferConfig cfg = new TransferConfig(net, pairs, opt, epochs, checkpointEvery,
                org.nd4j.linalg.api.buffer.DataType.FLOAT, seed);

        Map<String, INDArray> teacher = StateDicts.readNpz(teacherWeights);
        Path ckpt = checkpointDir != null ? checkpointDir : Path.of(out.toString() + ".ckpt");
        SupervisionTransfer run = SupervisionTransfer.builder(cfg).teacherWeights(teacher)
                .trainVideos(VideoList.of(videos)).validationVideos(valVideos == null ? null : VideoList.of(valVideos))
                .checkpointDir(ckpt).listener(new TrainProgress(ProgressBar.stderr(), System.err, "pair accuracy")).build();
        java.util.Optional<String> bn = run.batchNormWarning();
        if (bn.isPresent()) {
            throw new IllegalArgumentException("student " + student + ": " + bn.get()
                    + " (--size, --clip-frames, --batch)");
        }
        Path last = ckpt.resolve(Trainer.LAST);
        SupervisionTransfer.Result r = resume && Files.isRegularFile(last) ? run.resume(last) : run.run();
        T3dModel model = r.network().exportStudent(classes != null ? classes : s.numClasses(),
                ModelOptions.builder().seed(seed).build());
        model.save(out);
        System.err.println("t3d transfer: wrote " + out + " (" + model + "); checkpoints in " + ckpt);
        return 0;
    }
}
