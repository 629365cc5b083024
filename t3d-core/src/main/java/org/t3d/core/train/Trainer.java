package org.t3d.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.schedule.ISchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop over a DL4J {@link ComputationGraph}: epochs of mini-batches from an {@link EpochData},
 * validation after each epoch, atomic checkpoints every N iterations and at each epoch end, exact resume, and a
 * stop with {@link NonFiniteLossException} on NaN/Inf loss.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(TrainConfig.builder().epochs(30).build())
 *         .train(trainData).validator(new ClassificationValidator(valData))
 *         .checkpointDir(Path.of("runs/ucf101")).listener(progress).build();
 * TrainResult r = trainer.fit(model.graph());               // fresh run
 * TrainResult r2 = trainer.resume(Path.of("runs/ucf101/last.zip"));  // after a crash
 * }</pre>
 *
 * <p>Per step: the ND4J random generator is re-seeded from (seed, iteration) — so dropout masks do not depend
 * on history — then {@code graph.fit(batch)} runs one forward/backward/update. A checkpoint holds parameters,
 * updater state, the iteration and epoch counters, the position in the epoch and the partial epoch statistics,
 * so a resumed run ends with exactly the weights of an uninterrupted one.
 *
 * <p>Files in the checkpoint directory: {@value #LAST} (latest state, replaced atomically) and {@value #BEST}
 * (best validation accuracy so far).
 */
public final class Trainer {

    /** File name of the latest checkpoint. */
    public static final String LAST = "last.zip";
    /** File name of the best-validation checkpoint. */
    public static final String BEST = "best.zip";

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainConfig config;
    private final EpochData train;
    private final Validator validator;
    private final Path checkpointDir;
    private final List<TrainListener> listeners;
    private final Map<String, String> metadata;

    private Trainer(Builder b) {
        if (b.train == null) {
            throw new IllegalArgumentException("training data is not set");
        }
        if (b.train.batchesPerEpoch() <= 0) {
            throw new IllegalArgumentException("training data has no batches");
        }
        this.config = b.config;
        this.train = b.train;
        this.validator = b.validator;
        this.checkpointDir = b.checkpointDir;
        this.listeners = List.copyOf(b.listeners);
        this.metadata = Map.copyOf(b.metadata);
    }

    /**
     * @param config what the run does
     * @return a builder
     */
    public static Builder builder(TrainConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("train config is null");
        }
        return new Builder(config);
    }

    /** @return the run's config */
    public TrainConfig config() {
        return config;
    }

    /**
     * Trains from the given initial network. The network is not modified: a copy with the optimiser installed
     * ({@link OptimizerInstaller}) is trained and returned in the result.
     *
     * @param initial initialised network with a single softmax output (or any outputs matching the data)
     * @return the trained network and its history
     * @throws NonFiniteLossException if the loss becomes NaN or infinite
     */
    public TrainResult fit(ComputationGraph initial) {
        ComputationGraph graph = OptimizerInstaller.install(initial, config.optimizer(), train.batchesPerEpoch(),
                config.epochs());
        CheckpointState start = new CheckpointState(0, 0, 0, 0, 0, 0, Double.NaN, List.of(), config, metadata);
        return run(graph, start);
    }

    /**
     * Continues a run from a checkpoint written by this class. The data, validator and config must be those of
     * the interrupted run (a differing config is logged, the checkpoint's optimiser state wins).
     *
     * @param checkpoint checkpoint file
     * @return the trained network and its full history
     * @throws UncheckedIOException if the checkpoint cannot be read
     */
    public TrainResult resume(Path checkpoint) {
        Checkpoint c;
        try {
            c = Checkpoints.read(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + checkpoint + ": " + e.getMessage(), e);
        }
        if (!config.equals(c.state().config())) {
            LOG.warn("resuming {} with a config that differs from the checkpoint's: {} vs {}", checkpoint, config,
                    c.state().config());
        }
        LOG.info("resuming from {} at epoch {}, batch {}, iteration {}", checkpoint, c.state().epoch() + 1,
                c.state().batch(), c.state().iteration());
        return run(c.graph(), c.state());
    }

    private TrainResult run(ComputationGraph graph, CheckpointState s) {
        long t0 = System.nanoTime();
        FusedGraphUpdater.install(graph); // keeps a restored checkpoint's updater state
        int perEpoch = train.batchesPerEpoch();
        ISchedule schedule = config.optimizer().schedule().toSchedule(config.optimizer().learningRate(), perEpoch,
                config.epochs());
        List<EpochStats> history = new ArrayList<>(s.history());
        long iteration = s.iteration();
        double best = s.bestAccuracy();
        Path last = null;
        Path bestFile = null;
        if (checkpointDir != null && Files.exists(checkpointDir.resolve(BEST))) {
            bestFile = checkpointDir.resolve(BEST);
        }
        for (TrainListener l : listeners) {
            l.onStart(config, s.epoch(), s.batch(), perEpoch);
        }
        int batch = s.batch();
        double lossSum = s.epochLossSum();
        long examples = s.epochExamples();
        double epochSecondsBefore = s.epochSeconds();
        for (int epoch = s.epoch(); epoch < config.epochs(); epoch++) {
            long te = System.nanoTime();
            graph.getConfiguration().setEpochCount(epoch);
            MultiDataSetIterator it = train.open(epoch, batch);
            while (it.hasNext()) {
                MultiDataSet mds = it.next();
                double lr = schedule == null ? config.optimizer().learningRate()
                        : schedule.valueAt((int) iteration, epoch);
                Nd4j.getRandom().setSeed(stepSeed(config.seed(), iteration));
                // DL4J's score adds the weight-decay penalty (0.5·λ·Σw², about 4 for a DenseNet3D-121 at λ = 1e-4);
                // report the data loss alone, as PyTorch users see it.
                double penalty = graph.calcRegularizationScore(true);
                graph.fit(mds);
                iteration++;
                batch++;
                double loss = graph.score() - penalty;
                if (!Double.isFinite(loss)) {
                    throw new NonFiniteLossException("loss " + loss, iteration, epoch, last);
                }
                int n = (int) mds.getFeatures(0).size(0);
                lossSum += loss * n;
                examples += n;
                IterationInfo info = new IterationInfo(epoch, batch, perEpoch, iteration, loss, n, lr);
                for (TrainListener l : listeners) {
                    l.onIteration(info);
                }
                if (config.checkpointEvery() > 0 && iteration % config.checkpointEvery() == 0 && it.hasNext()) {
                    double secs = epochSecondsBefore + (System.nanoTime() - te) / 1e9;
                    last = checkpoint(graph, new CheckpointState(epoch, batch, iteration, lossSum, examples, secs,
                            best, history, config, metadata), iteration, epoch, LAST);
                }
            }
            double lrEnd = schedule == null ? config.optimizer().learningRate()
                    : schedule.valueAt((int) Math.max(0, iteration - 1), epoch);
            Validator.ValidationResult v = validator == null ? new Validator.ValidationResult(Double.NaN, Double.NaN)
                    : validator.validate(graph, epoch);
            double secs = epochSecondsBefore + (System.nanoTime() - te) / 1e9;
            EpochStats stats = new EpochStats(epoch, examples == 0 ? Double.NaN : lossSum / examples, v.loss(),
                    v.accuracy(), secs, lrEnd);
            history.add(stats);
            LOG.info("epoch {}/{}: train loss {}, val loss {}, val acc {}, {} s", epoch + 1, config.epochs(),
                    fmt(stats.trainLoss()), fmt(v.loss()), fmt(v.accuracy()), fmt(secs));
            boolean improved = !Double.isNaN(v.accuracy()) && (Double.isNaN(best) || v.accuracy() > best);
            if (improved) {
                best = v.accuracy();
            }
            batch = 0;
            lossSum = 0;
            examples = 0;
            epochSecondsBefore = 0;
            graph.getConfiguration().setEpochCount(epoch + 1);
            CheckpointState end = new CheckpointState(epoch + 1, 0, iteration, 0, 0, 0, best, history, config,
                    metadata);
            last = checkpoint(graph, end, iteration, epoch, LAST);
            if (improved && last != null) {
                bestFile = copy(last, checkpointDir.resolve(BEST));
            }
            for (TrainListener l : listeners) {
                l.onEpochEnd(stats);
            }
        }
        return new TrainResult(graph, history, iteration, (System.nanoTime() - t0) / 1e9, last, bestFile);
    }

    /** @return the ND4J seed of the step that follows {@code iteration} completed steps */
    static long stepSeed(long seed, long iteration) {
        long z = seed + (iteration + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private Path checkpoint(ComputationGraph graph, CheckpointState state, long iteration, int epoch, String name) {
        if (checkpointDir == null) {
            return null;
        }
        INDArray p = graph.params();
        if (BooleanIndexing.or(p, Conditions.isNan()) || BooleanIndexing.or(p, Conditions.isInfinite())) {
            Path lastGood = Files.exists(checkpointDir.resolve(LAST)) ? checkpointDir.resolve(LAST) : null;
            throw new NonFiniteLossException("non-finite parameters", iteration, epoch, lastGood);
        }
        Path file = checkpointDir.resolve(name);
        try {
            Checkpoints.write(file, graph, state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
        for (TrainListener l : listeners) {
            l.onCheckpoint(file);
        }
        return file;
    }

    private static Path copy(Path from, Path to) {
        try {
            Path tmp = Files.createTempFile(to.toAbsolutePath().getParent(), "." + to.getFileName(), ".tmp");
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + to + ": " + e.getMessage(), e);
        }
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.4f", d);
    }

    /** Builder of a {@link Trainer}. */
    public static final class Builder {
        private final TrainConfig config;
        private EpochData train;
        private Validator validator;
        private Path checkpointDir;
        private final List<TrainListener> listeners = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder(TrainConfig config) {
            this.config = config;
        }

        /** @param data training batches (required) @return this */
        public Builder train(EpochData data) {
            this.train = data;
            return this;
        }

        /** @param v validation run after every epoch (optional) @return this */
        public Builder validator(Validator v) {
            this.validator = v;
            return this;
        }

        /** @param dir directory for {@value Trainer#LAST} and {@value Trainer#BEST} (optional) @return this */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /** @param l progress listener @return this */
        public Builder listener(TrainListener l) {
            this.listeners.add(l);
            return this;
        }

        /**
         * @param key   entry name (e.g. "model-config", "labels")
         * @param value entry value (e.g. JSON)
         * @return this
         */
        public Builder metadata(String key, String value) {
            this.metadata.put(key, value);
            return this;
        }

        /** @return the trainer */
        public Trainer build() {
            return new Trainer(this);
        }
    }
}
