package org.t3d.transfer.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.core.train.TrainConfig;
import org.t3d.core.train.TrainListener;
import org.t3d.core.train.TrainResult;
import org.t3d.core.train.Trainer;
import org.t3d.data.video.DecodeOptions;
import org.t3d.models.ModelSummary;
import org.t3d.transfer.net.CorrespondenceConfig;
import org.t3d.transfer.net.CorrespondenceNetwork;
import org.t3d.transfer.pairs.PairSampler;
import org.t3d.transfer.pairs.PairValidator;

/**
 * Runs 2D→3D supervision transfer: builds the correspondence network with the frozen teacher, samples pairs from
 * unlabelled videos and trains student, projection and head with t3d-core's {@link Trainer} (atomic checkpoints
 * {@code last.zip} / {@code best.zip} with exact resume, non-finite-loss detection, progress listeners).
 *
 * <pre>{@code
 * TransferConfig cfg = TransferConfig.paper(CorrespondenceConfig.PAPER).withWarmup(1);
 * SupervisionTransfer.Result r = SupervisionTransfer.builder(cfg)
 *         .teacherWeights(StateDicts.readNpz(Path.of("densenet121.npz")))
 *         .trainVideos(VideoList.of(Path.of("videos/")))
 *         .checkpointDir(Path.of("transfer-ckpt"))
 *         .build().run();
 * r.network().exportStudent(101, ModelOptions.DEFAULTS).save(Path.of("student.zip"));
 * }</pre>
 */
public final class SupervisionTransfer {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisionTransfer.class);

    private final TransferConfig config;
    private final Map<String, INDArray> teacherWeights;
    private final PairSampler train;
    private final PairSampler validation;
    private final Path checkpointDir;
    private final List<TrainListener> listeners;

    private SupervisionTransfer(Builder b) {
        this.config = b.config;
        this.teacherWeights = b.teacherWeights;
        if (b.trainVideos == null) {
            throw new IllegalArgumentException("no training videos");
        }
        this.train = new PairSampler(b.trainVideos, b.config.pairs(), b.decode);
        this.validation = b.valVideos == null ? null
                : new PairSampler(b.valVideos, b.config.pairs().toBuilder().seed(b.config.pairs().seed() + 1).build(),
                        b.decode);
        this.checkpointDir = b.checkpointDir;
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * @param config the run
     * @return a builder
     */
    public static Builder builder(TransferConfig config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    /**
     * Outcome of a run.
     *
     * @param network the trained correspondence network (teacher unchanged)
     * @param train   the trainer's result (history, checkpoints)
     */
    public record Result(CorrespondenceNetwork network, TrainResult train) {
    }

    /**
     * @return a warning when the student's batch norms would normalise too few values per channel at this clip size
     *         and batch (see {@link ModelSummary#batchNormWarning}), e.g. a DenseNet3D-121 at 32×32 with 4 pairs
     */
    public Optional<String> batchNormWarning() {
        CorrespondenceConfig n = config.network();
        return ModelSummary.of(n.student().withInput(n.clipFrames(), n.clipSize()))
                .batchNormWarning(config.pairs().pairsPerBatch());
    }

    /** @return the training pair sampler */
    public PairSampler trainSampler() {
        return train;
    }

    /**
     * Trains from scratch (student, projection and head randomly initialised; teacher from the given weights).
     *
     * @return the trained network and history
     */
    public Result run() {
        CorrespondenceNetwork net = CorrespondenceNetwork.build(config.network(), config.dataType(), config.seed(),
                teacherWeights);
        batchNormWarning().ifPresent(w -> LOG.warn("student: {}", w));
        LOG.info("supervision transfer: {} videos, {} batches of {} pairs per epoch, {} epochs; parameters {}",
                train.videos().size(), train.batchesPerEpoch(), config.pairs().pairsPerBatch(), config.epochs(),
                net.count());
        TrainResult r = trainer().fit(net.graph());
        return new Result(CorrespondenceNetwork.wrap(config.network(), r.graph()), r);
    }

    /**
     * Continues an interrupted run from a checkpoint written by a previous {@link #run()} with the same config and
     * videos.
     *
     * @param checkpoint e.g. {@code <checkpointDir>/last.zip}
     * @return the trained network and full history
     */
    public Result resume(Path checkpoint) {
        TrainResult r = trainer().resume(checkpoint);
        return new Result(CorrespondenceNetwork.wrap(config.network(), r.graph()), r);
    }

    private Trainer trainer() {
        TrainConfig tc = TrainConfig.builder().epochs(config.epochs()).seed(config.seed())
                .optimizer(config.optimizer()).checkpointEvery(config.checkpointEvery()).build();
        Trainer.Builder b = Trainer.builder(tc).train(train).metadata("task", "t3d supervision transfer")
                .metadata("student", config.network().student().toJson());
        if (validation != null) {
            b.validator(new PairValidator(validation, 0));
        }
        if (checkpointDir != null) {
            b.checkpointDir(checkpointDir);
        }
        for (TrainListener l : listeners) {
            b.listener(l);
        }
        return b.build();
    }

    /** Builder of a {@link SupervisionTransfer}. */
    public static final class Builder {
        private final TransferConfig config;
        private Map<String, INDArray> teacherWeights;
        private List<Path> trainVideos;
        private List<Path> valVideos;
        private DecodeOptions decode = DecodeOptions.DEFAULTS;
        private Path checkpointDir;
        private final java.util.ArrayList<TrainListener> listeners = new java.util.ArrayList<>();

        private Builder(TransferConfig config) {
            this.config = config;
        }

        /** @param w torchvision DenseNet state dict of the teacher (null = random teacher, tests only) @return this */
        public Builder teacherWeights(Map<String, INDArray> w) {
            this.teacherWeights = w;
            return this;
        }

        /** @param videos unlabelled training videos @return this */
        public Builder trainVideos(List<Path> videos) {
            this.trainVideos = videos;
            return this;
        }

        /** @param videos held-out videos for the per-epoch pair accuracy, or null @return this */
        public Builder validationVideos(List<Path> videos) {
            this.valVideos = videos;
            return this;
        }

        /** @param d decoder options @return this */
        public Builder decodeOptions(DecodeOptions d) {
            this.decode = Objects.requireNonNull(d, "decode");
            return this;
        }

        /** @param dir checkpoint directory ({@code last.zip}, {@code best.zip}), or null @return this */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /** @param l progress listener @return this */
        public Builder listener(TrainListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** @return the run */
        public SupervisionTransfer build() {
            return new SupervisionTransfer(this);
        }
    }
}
