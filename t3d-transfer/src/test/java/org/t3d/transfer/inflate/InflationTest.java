package org.t3d.transfer.inflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.t3d.models.ModelOptions;
import org.t3d.models.T3dConfig;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;
import org.t3d.transfer.teacher.DenseNet2dBuilder;
import org.t3d.transfer.teacher.TeacherWeights;
import org.t3d.transfer.testutil.Golden;
import org.t3d.transfer.testutil.Tiny;

/** Inflation of 2D DenseNet weights: report contents and the static-clip property. */
class InflationTest {

    private static final Logger LOG = LoggerFactory.getLogger(InflationTest.class);
    private static final int T = 16;
    private static final int SIZE = 32;

    @Test
    void inflatedDenseNet3dReproducesTheTeacherOnAStaticClip() {
        Map<String, INDArray> state = Tiny.randomTeacherState(Tiny.TEACHER, 7);
        T3dModel model = T3dModels.build(Tiny.DENSENET3D, ModelOptions.builder().dataType(DataType.DOUBLE).build());
        InflationReport report = Inflation.inflate(state, model);
        LOG.info("tiny DenseNet3D inflation:\n{}", report.describe());
        // Every conv inflated, every BN copied; only the 5-class classifier is random; the 2D net had no classifier.
        assertEquals(1 + 4 * 2 * 2 + 3, report.inflated().size());
        assertEquals(4 * (1 + 4 * 2 * 2 + 3 + 1), report.copied().size());
        assertEquals(2, report.leftRandom().size(), report.leftRandom().toString());
        assertTrue(report.leftRandom().stream().allMatch(i -> i.name().startsWith("classifier.")));
        assertTrue(report.unused().isEmpty(), report.unused().toString());

        // The stem kernel is the 2D kernel repeated over kT = 3 and divided by 3.
        INDArray w3 = model.graph().getLayer(ModelNames.STEM_CONV).getParam("W");
        INDArray w2 = state.get("features.conv0.weight").castTo(DataType.DOUBLE);
        for (int t = 0; t < 3; t++) {
            INDArray slice = w3.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all(),
                    NDArrayIndex.all());
            assertEquals(0, Golden.absErr(slice.mul(3), w2), 1e-7);
        }

        // Teacher on one frame vs inflated net on a clip of T copies of that frame.
        ComputationGraph teacher = DenseNet2dBuilder.build(Tiny.TEACHER, 1, SIZE, SIZE, DataType.DOUBLE);
        TeacherWeights.load(teacher, Tiny.TEACHER, "", state, true);
        Nd4j.getRandom().setSeed(3);
        INDArray frame = Nd4j.randn(DataType.DOUBLE, 2, 3, 1, SIZE, SIZE);
        INDArray clip = frame.repeat(2, T);
        Map<String, INDArray> a2 = teacher.feedForward(new INDArray[] {frame}, false);
        Map<String, INDArray> a3 = model.stageActivations(clip, false);

        // Clean time steps (see docs/transfer.md): stem output T'=8, the first frame sees the stem conv's temporal
        // zero padding and the max pool spreads it to frame 1; each (3,3,3) conv of block 1 spreads it one more frame.
        check(a2.get("stem/pool"), a3.get("stem"), 2, 7, "stem");
        check(a2.get("block1/layer02/concat"), a3.get("denseblock1"), 4, 5, "denseblock1");

        // Deeper, the boundary effect of temporal zero padding reaches every frame: the pooled features differ.
        INDArray f2 = teacher.output(false, frame)[0];
        INDArray f3 = model.features(clip);
        double featErr = Golden.relErr(f3, f2);
        LOG.info("static clip {}x{}x{}: pooled-feature rel. difference 3D vs 2D = {}", T, SIZE, SIZE, featErr);
        assertTrue(featErr > 1e-6, "expected temporal padding to change the pooled features");
    }

    private static void check(INDArray act2d, INDArray act3d, int from, int to, String what) {
        double worst = 0;
        INDArray ref = act2d.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all(),
                NDArrayIndex.all());
        for (int t = from; t <= to; t++) {
            INDArray at = act3d.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all(),
                    NDArrayIndex.all());
            worst = Math.max(worst, Golden.relErr(at, ref));
        }
        // Boundary frames must differ (otherwise the test would not see the padding at all).
        INDArray first = act3d.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all(),
                NDArrayIndex.all());
        double boundary = Golden.relErr(first, ref);
        LOG.info("static clip, {}: max rel err over t in [{}, {}] = {}; at t = 0: {}", what, from, to, worst, boundary);
        assertTrue(worst < 1e-10, what + " differs from the 2D activation by " + worst);
        assertTrue(boundary > 1e-6, what + ": the zero-padded first frame should differ");
    }

    @Test
    void t3dKeepsTtlsRandomAndReportsThem() {
        Map<String, INDArray> state = Tiny.randomTeacherState(Tiny.TEACHER, 8);
        T3dConfig cfg = T3dConfig.builder().growthRate(4).blockConfig(2, 2, 2, 2).numInitFeatures(8).numClasses(5)
                .input(16, 32).build();
        T3dModel model = T3dModels.build(cfg, ModelOptions.builder().build());
        InflationReport r = Inflation.inflate(state, model);
        LOG.info("tiny T3D inflation: {}", r);
        assertTrue(r.inflated().stream().anyMatch(i -> i.name().equals("features.conv0.weight")));
        assertTrue(r.inflated().stream().anyMatch(i -> i.name().startsWith("features.denseblock1.")));
        assertTrue(r.leftRandom().stream().anyMatch(i -> i.name().startsWith("ttl1/branch")), r.describe());
        assertTrue(r.unused().stream().anyMatch(i -> i.name().startsWith("features.transition1.")), r.describe());
    }
}
