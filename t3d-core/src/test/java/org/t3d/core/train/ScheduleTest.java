package org.t3d.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;

/** Schedules: values, and a JSON round trip inside a DL4J configuration. */
class ScheduleTest {

    @Test
    void cosineWithWarmup() {
        ISchedule s = LrSchedule.cosine(0.0).withWarmup(1).toSchedule(0.1, 10, 5); // warm-up 10, total 50
        assertEquals(0.01, s.valueAt(0, 0), 1e-12);
        assertEquals(0.1, s.valueAt(9, 0), 1e-12);
        assertEquals(0.1, s.valueAt(10, 1), 1e-12);
        assertEquals(0.05, s.valueAt(30, 3), 1e-12);
        assertEquals(0.0, s.valueAt(50, 5), 1e-12);
    }

    @Test
    void stepLikeThePaper() {
        ISchedule s = LrSchedule.step(30, 0.1).toSchedule(0.1, 100, 150);
        assertEquals(0.1, s.valueAt(2999, 29), 1e-12);
        assertEquals(0.01, s.valueAt(3000, 30), 1e-12);
        assertEquals(0.001, s.valueAt(6000, 60), 1e-12);
    }

    @Test
    void invalidValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.builder().learningRate(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> OptimizerConfig.builder().clipping(OptimizerConfig.Clipping.ELEMENT_WISE, 0).build());
    }

    @Test
    void installedOptimizerSurvivesJsonRoundTrip() {
        OptimizerConfig o = OptimizerConfig.builder().schedule(LrSchedule.cosine(0.01).withWarmup(2))
                .clipping(OptimizerConfig.Clipping.L2_PER_PARAM_TYPE, 1).build();
        ComputationGraph g = OptimizerInstaller.install(TinyNets.denseLayerNet(), o, 10, 20);
        String json = g.getConfiguration().toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(g.getConfiguration(), back);
        Nesterovs n = (Nesterovs) ((org.deeplearning4j.nn.conf.layers.BaseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex)
                back.getVertices().get("head/fc")).getLayerConf().getLayer()).getIUpdater();
        assertEquals(new WarmupCosineSchedule(0.1, 0.001, 20, 200), n.getLearningRateSchedule());
    }
}
