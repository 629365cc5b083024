package org.t3d.transfer.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.core.train.OptimizerConfig;
import org.t3d.core.train.OptimizerInstaller;
import org.t3d.models.DenseNet3dConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.T3dModel;
import org.t3d.transfer.testutil.Tiny;

/** The correspondence network: counts, freezing, one training step. */
class CorrespondenceNetworkTest {

    private static final Logger LOG = LoggerFactory.getLogger(CorrespondenceNetworkTest.class);

    static CorrespondenceConfig tiny() {
        return CorrespondenceConfig.builder().teacher(Tiny.TEACHER).student(Tiny.DENSENET3D).frames(4).frameSize(32)
                .clipFrames(16).clipSize(32).build();
    }

    @Test
    void paperSetupHasTheSpecsParameterCounts() {
        CorrespondenceNetwork.Counts c = CorrespondenceNetwork.count(
                CorrespondenceNetwork.graphConfiguration(CorrespondenceConfig.PAPER, DataType.FLOAT, 1));
        LOG.info("paper setup counts: {}", c);
        assertEquals(6_953_856, c.teacher());
        assertEquals(83_648, c.teacherStats());
        assertEquals(2_033_538, c.projectionAndHead());
        // Spec §8.4 counts T3D-121 with its (unused) 400-class FC: 30,321,552 − (896·400 + 400).
        assertEquals(30_321_552 - (896 * 400 + 400), c.student());
        assertEquals(32_355_090 - (896 * 400 + 400), c.trainable());
        CorrespondenceNetwork.Counts extra = CorrespondenceNetwork.count(CorrespondenceNetwork.graphConfiguration(
                CorrespondenceConfig.PAPER.toBuilder().extraFc(true).build(), DataType.FLOAT, 1));
        assertEquals(2_033_538 + 2048L * 2048 + 2048 + (2048L - 2048) * 512, extra.projectionAndHead());
    }

    @Test
    void teacherIsFrozenAndBitIdenticalAfterTraining() {
        Map<String, INDArray> state = Tiny.randomTeacherState(Tiny.TEACHER, 11);
        CorrespondenceNetwork net = CorrespondenceNetwork.build(tiny(), DataType.FLOAT, 5, state);
        ComputationGraph g = net.graph();
        int frozen = 0;
        for (Layer l : g.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            boolean teacher = name.startsWith(CorrespondenceNetwork.TEACHER + "/");
            assertEquals(teacher, l instanceof FrozenLayer, name);
            frozen += teacher ? 1 : 0;
        }
        assertTrue(frozen > 10);
        // The imported teacher is exactly the state dict.
        Map<String, INDArray> before = net.teacherState();
        for (Map.Entry<String, INDArray> e : state.entrySet()) {
            assertEquals(e.getValue(), before.get(e.getKey()), e.getKey());
        }

        // Teacher features = mean over the X frames of the stand-alone teacher's per-frame features.
        Nd4j.getRandom().setSeed(2);
        INDArray fr = Nd4j.randn(DataType.FLOAT, 2, 3, 4, 32, 32);
        INDArray cl = Nd4j.randn(DataType.FLOAT, 2, 3, 16, 32, 32);
        INDArray tf = g.output(List.of(CorrespondenceNetwork.TEACHER_FEATURES), false, new INDArray[] {fr, cl},
                null)[0];
        ComputationGraph alone = org.t3d.transfer.teacher.DenseNet2dBuilder.build(Tiny.TEACHER, 1, 32, 32,
                DataType.FLOAT);
        org.t3d.transfer.teacher.TeacherWeights.load(alone, Tiny.TEACHER, "", state, true);
        for (int n = 0; n < 2; n++) {
            INDArray sum = Nd4j.zeros(DataType.FLOAT, 1, 16);
            for (int x = 0; x < 4; x++) {
                INDArray frame = fr.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n, n + 1),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(x,
                                x + 1), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
                sum.addi(alone.output(false, frame)[0]);
            }
            double err = org.t3d.transfer.testutil.Golden.relErr(tf.getRow(n).reshape(1, 16), sum.div(4));
            assertTrue(err < 1e-5, "teacher feature of pair " + n + " differs by " + err);
        }

        ComputationGraph trained = OptimizerInstaller.install(g, OptimizerConfig.paperSgd(), 1, 1);
        Nd4j.getRandom().setSeed(1);
        INDArray frames = Nd4j.randn(DataType.FLOAT, 4, 3, 4, 32, 32);
        INDArray clip = Nd4j.randn(DataType.FLOAT, 4, 3, 16, 32, 32);
        INDArray labels = Nd4j.create(new float[][] {{0, 1}, {1, 0}, {0, 1}, {1, 0}});
        INDArray studentBefore = trained.getLayer("student/stem/conv").getParam("W").dup();
        INDArray studentStatsBefore = trained.getLayer("student/stem/norm").getParam("mean").dup();
        double first = Double.NaN;
        for (int i = 0; i < 3; i++) {
            trained.fit(new MultiDataSet(new INDArray[] {frames, clip}, new INDArray[] {labels}));
            if (i == 0) {
                first = trained.score();
            }
        }
        LOG.info("initial loss {} (ln 2 = {})", first, Math.log(2));
        assertTrue(Math.abs(first - Math.log(2)) < 0.2, "initial loss " + first);
        CorrespondenceNetwork after = CorrespondenceNetwork.wrap(net.config(), trained);
        Map<String, INDArray> teacherAfter = after.teacherState();
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            assertArrayEquals(e.getValue().data().asInt(), teacherAfter.get(e.getKey()).data().asInt(),
                    "teacher tensor changed: " + e.getKey());
        }
        assertFalse(studentBefore.equals(trained.getLayer("student/stem/conv").getParam("W")), "student not trained");
        assertFalse(studentStatsBefore.equals(trained.getLayer("student/stem/norm").getParam("mean")),
                "student BN statistics not updated");

        // Export: the student's weights, head re-initialised.
        T3dModel exported = after.exportStudent(3, ModelOptions.builder().build());
        assertEquals(3, exported.config().numClasses());
        assertEquals(trained.getLayer("student/block2/layer01/conv2").getParam("W"),
                exported.graph().getLayer("block2/layer01/conv2").getParam("W"));
        assertEquals(trained.getLayer("student/head/norm5").getParam("var"),
                exported.graph().getLayer("head/norm5").getParam("var"));
        assertNotNull(exported.predict(clip));
    }

    @Test
    void configValidation() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CorrespondenceConfig.builder().headActivation("tanh").build());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CorrespondenceConfig.builder().headWidths(List.of(512, 0)).build());
        assertEquals(0, CorrespondenceConfig.builder().teacher(Tiny.TEACHER.withNumClasses(5)).build().teacher()
                .numClasses());
        assertTrue(DenseNet3dConfig.DENSENET3D_121.featureDim() == 1024);
    }
}
