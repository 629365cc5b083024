package org.t3d.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Hand-computed clip- and video-level metrics, and the report's JSON and Markdown. */
class PredictionCollectorTest {

    private static PredictionCollector sample() {
        PredictionCollector c = new PredictionCollector(3);
        // video a (class 0): clips predict 0, 1 -> mean favours 0
        c.add(new float[] {0.7f, 0.2f, 0.1f}, 0, "a");
        c.add(new float[] {0.4f, 0.5f, 0.1f}, 0, "a");
        // video b (class 1): one clip, predicted 2, class 1 second
        c.add(new float[] {0.1f, 0.3f, 0.6f}, 1, "b");
        // video c (class 2): two clips both right
        c.add(new float[] {0.1f, 0.1f, 0.8f}, 2, "c");
        c.add(new float[] {0.2f, 0.2f, 0.6f}, 2, "c");
        return c;
    }

    @Test
    void clipAndVideoMetrics() {
        PredictionCollector c = sample();
        ClassificationMetrics clip = c.clipMetrics();
        assertEquals(5, clip.count());
        assertEquals(3.0 / 5, clip.top1(), 1e-12);
        assertEquals(3, clip.topK());
        assertEquals(1.0, clip.top5(), 1e-12);
        assertArrayEquals(new long[] {1, 1, 0}, clip.confusion()[0]);
        assertArrayEquals(new long[] {0, 0, 1}, clip.confusion()[1]);
        assertEquals((0.5 + 0 + 1) / 3, clip.meanClassAccuracy(), 1e-12);

        ClassificationMetrics video = c.videoMetrics();
        assertEquals(3, video.count());
        assertEquals(2.0 / 3, video.top1(), 1e-12);
        assertArrayEquals(new double[] {1, 0, 1}, video.perClassAccuracy(), 1e-12);
        assertEquals(2, c.videoPredictions().get(0).clips());
        assertEquals(0.55f, c.videoPredictions().get(0).scores()[0], 1e-6f);
    }

    @Test
    void batchesFromArraysAndErrors() {
        PredictionCollector c = new PredictionCollector(2);
        c.add(Nd4j.createFromArray(new float[][] {{0.9f, 0.1f}, {0.3f, 0.7f}}),
                Nd4j.createFromArray(new float[][] {{1, 0}, {1, 0}}), List.of("v", "v"));
        assertEquals(1.0, c.videoMetrics().top1(), 0);
        assertEquals(0.5, c.clipMetrics().top1(), 0);
        assertThrows(IllegalArgumentException.class, () -> c.add(new float[] {0.5f, 0.5f}, 1, "v"));
        assertThrows(IllegalArgumentException.class, () -> new PredictionCollector(3).clipMetrics());
    }

    @Test
    void reportStatesProtocolAndRoundTrips() {
        PredictionCollector c = sample();
        EvaluationReport r = new EvaluationReport("tiny", EvalProtocol.paper("UCF101 split 1 (test)", 224),
                List.of("walk", "run", "jump"), c.clipMetrics(), c.videoMetrics(), c.videoPredictions(), 1.5);
        String md = r.toMarkdown();
        assertTrue(md.contains("dense non-overlapping"), md);
        assertTrue(md.contains("| video | 3 | 66.67 % |"), md);
        assertTrue(md.contains("| **0** | 1 | 0 | 0 |"), md);
        EvaluationReport back = EvaluationReport.fromJson(r.toJson());
        assertEquals(r.protocol(), back.protocol());
        assertEquals(r.video().top1(), back.video().top1(), 0);
        assertArrayEquals(r.video().confusion()[2], back.video().confusion()[2]);
        assertTrue(r.toJson().contains("\"aggregation\" : \"mean of the clips' softmax probabilities\""));
    }
}
