package org.t3d.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.core.train.IterationInfo;
import org.t3d.core.train.LrSchedule;
import org.t3d.core.train.OptimizerConfig;
import org.t3d.core.train.TrainListener;
import org.t3d.core.train.Trainer;
import org.t3d.data.video.DecodeOptions;
import org.t3d.models.DenseNet3dConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.T3dModel;
import org.t3d.transfer.net.CorrespondenceConfig;
import org.t3d.transfer.net.CorrespondenceNetwork;
import org.t3d.transfer.pairs.PairConfig;
import org.t3d.transfer.pairs.PairSampler;
import org.t3d.transfer.pairs.PairValidator;
import org.t3d.transfer.testutil.TestVideos;
import org.t3d.transfer.testutil.Tiny;

/**
 * End to end on videos the test writes: the loss starts near ln 2 and falls, held-out pair accuracy beats chance,
 * the teacher is bit-identical afterwards, checkpoints resume, and the exported student loads and fine-tunes.
 */
class SupervisionTransferTest {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisionTransferTest.class);

    private static final int EPOCHS = Integer.getInteger("t3d.test.transferEpochs", 16);

    @TempDir
    static Path dir;

    @Test
    void transferLearnsCorrespondenceAndExportsTheStudent() throws Exception {
        Path trainDir = Files.createDirectories(dir.resolve("train"));
        Path valDir = Files.createDirectories(dir.resolve("val"));
        List<Path> train = TestVideos.write(trainDir, 48, 40, 40, 1);
        List<Path> val = TestVideos.write(valDir, 16, 40, 40, 2);

        DenseNet3dConfig student = DenseNet3dConfig.builder().growthRate(4).blockConfig(2, 2, 2).numInitFeatures(8)
                .numClasses(5).input(8, 32).build();
        // A narrow head (the paper's 1024/512/128 would memorise 24 videos): the test is about the pipeline.
        CorrespondenceConfig net = CorrespondenceConfig.builder().teacher(Tiny.TEACHER).student(student).frames(8)
                .frameSize(32).clipFrames(8).clipSize(32).projectionDim(32).headWidths(List.of(64, 32)).build();
        PairConfig pairs = PairConfig.builder().frames(8).clipFrames(8).frameStride(2).size(32).resizeShortSide(36)
                .pairsPerBatch(8).seed(Long.getLong("t3d.test.transferSeed", 3)).build();
        // Adam converges in the few steps a unit test can afford; the paper's SGD is the TransferConfig default.
        OptimizerConfig opt = OptimizerConfig.builder().kind(OptimizerConfig.Kind.ADAM).learningRate(1e-3)
                .weightDecay(1e-4).schedule(LrSchedule.constant().withWarmup(0.5)).build();
        TransferConfig cfg = new TransferConfig(net, pairs, opt, EPOCHS, 0, DataType.FLOAT, 7);
        Map<String, INDArray> teacher = Tiny.randomTeacherState(Tiny.TEACHER, 5);

        List<Double> losses = new ArrayList<>();
        Path ckpt = dir.resolve("ckpt");
        SupervisionTransfer run = SupervisionTransfer.builder(cfg).teacherWeights(teacher).trainVideos(train)
                .validationVideos(val).checkpointDir(ckpt).listener(new TrainListener() {
                    @Override
                    public void onIteration(IterationInfo step) {
                        losses.add(step.loss());
                    }
                }).build();

        // Pair accuracy of the untrained network on the held-out pairs, for reference.
        PairSampler heldOut = new PairSampler(val, pairs.toBuilder().seed(99).build(), DecodeOptions.DEFAULTS);
        CorrespondenceNetwork init = CorrespondenceNetwork.build(net, DataType.FLOAT, 7, teacher);
        double chance = accuracy(init.graph(), heldOut);

        long t0 = System.nanoTime();
        SupervisionTransfer.Result r = run.run();
        double secs = (System.nanoTime() - t0) / 1e9;
        double acc = accuracy(r.network().graph(), heldOut);
        int k = 6;
        double first = losses.subList(0, k).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(losses.size() - k, losses.size()).stream().mapToDouble(d -> d).average()
                .orElseThrow();
        LOG.info("transfer: {} steps in {} s; loss first {} (ln 2 = {}), last {}; held-out pair accuracy {} "
                + "(untrained {}); per-epoch history {}", losses.size(), String.format("%.1f", secs), first,
                Math.log(2), last, acc, chance, r.train().history());
        assertTrue(Math.abs(losses.get(0) - Math.log(2)) < 0.15, "initial loss " + losses.get(0));
        assertTrue(last < first - 0.1, "loss did not fall: " + first + " -> " + last);
        // 256 balanced held-out pairs: chance is 0.5 ± 0.031; 0.60 is more than 3 standard deviations above it.
        assertTrue(acc >= 0.60, "held-out pair accuracy " + acc + " does not clearly beat chance (0.5)");

        // Teacher bit-identical.
        Map<String, INDArray> after = r.network().teacherState();
        for (Map.Entry<String, INDArray> e : teacher.entrySet()) {
            assertArrayEquals(e.getValue().data().asInt(), after.get(e.getKey()).data().asInt(), e.getKey());
        }

        // Checkpoints: resuming the final checkpoint for one more epoch works and keeps the teacher.
        assertTrue(Files.isRegularFile(ckpt.resolve(Trainer.LAST)));
        SupervisionTransfer more = SupervisionTransfer.builder(cfg.withEpochs(EPOCHS + 1)).teacherWeights(teacher)
                .trainVideos(train).checkpointDir(ckpt).build();
        SupervisionTransfer.Result resumed = more.resume(ckpt.resolve(Trainer.LAST));
        assertEquals(EPOCHS + 1, resumed.train().history().size());
        Map<String, INDArray> afterResume = resumed.network().teacherState();
        for (Map.Entry<String, INDArray> e : teacher.entrySet()) {
            assertArrayEquals(e.getValue().data().asInt(), afterResume.get(e.getKey()).data().asInt(), e.getKey());
        }

        // Export the student, load it back as a plain model, fine-tune on a labelled set.
        T3dModel exported = r.network().exportStudent(3, ModelOptions.builder().build());
        Path zip = dir.resolve("student.zip");
        exported.save(zip);
        T3dModel loaded = T3dModel.load(zip);
        assertEquals(3, loaded.config().numClasses());
        assertEquals(r.network().graph().getLayer("student/block1/layer01/conv1").getParam("W"),
                loaded.graph().getLayer("block1/layer01/conv1").getParam("W"));
        MultiDataSet b = heldOut.batch(0, 0);
        INDArray clips = b.getFeatures(1).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8));
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % 3, 1);
        }
        ComputationGraph g = loaded.graph();
        DataSet ds = new DataSet(clips, labels);
        double s0 = g.score(ds, true);
        for (int i = 0; i < 10; i++) {
            g.fit(ds);
        }
        double s1 = g.score(ds, true);
        LOG.info("fine-tuning the exported student on 8 labelled clips: loss {} -> {}", s0, s1);
        assertTrue(s1 < s0, "fine-tuning did not reduce the loss: " + s0 + " -> " + s1);
    }

    private static double accuracy(ComputationGraph g, PairSampler s) {
        double sum = 0;
        int epochs = 8;
        for (int e = 0; e < epochs; e++) {
            sum += new PairValidator(s, e).validate(g, 0).accuracy();
        }
        return sum / epochs;
    }
}
