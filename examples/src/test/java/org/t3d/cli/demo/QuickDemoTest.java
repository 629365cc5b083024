package org.t3d.cli.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.t3d.cli.progress.ProgressBar;

/**
 * The CI demo: {@code t3d demo --quick} end to end (real video files, decode, sample, crop, train, evaluate).
 * Video accuracy must be well above chance (≥ 60 % for 4 classes) and the single-frame control must not be.
 */
class QuickDemoTest {

    @Test
    void quickDemoLearnsMotionAndSingleFrameControlDoesNot(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream say = new PrintStream(text, true, StandardCharsets.UTF_8);
        DemoResult r = new DemoRunner(DemoOptions.QUICK, tmp, say,
                new ProgressBar(new PrintStream(new ByteArrayOutputStream()), false, 60)).run();

        assertTrue(r.videoAccuracy() >= 0.60, "video accuracy " + r.videoAccuracy() + "\n" + text);
        assertTrue(r.passed());
        assertTrue(r.singleFrameAccuracy() <= 0.45, "single-frame control " + r.singleFrameAccuracy() + "\n" + text);
        assertTrue(r.videoAccuracy() - r.singleFrameAccuracy() >= 0.30, "contrast too small\n" + text);
        assertTrue(r.lastLine().matches("demo: video accuracy \\d+\\.\\d %, single-frame control \\d+\\.\\d %, \\d+ s"),
                r.lastLine());
        assertTrue(Files.size(tmp.resolve("plots/training-curves.png")) > 1000);
        assertTrue(Files.size(tmp.resolve("plots/confusion-matrix.png")) > 1000);
        assertTrue(Files.readString(tmp.resolve("reports/evaluation.md")).contains("dense non-overlapping"));
        assertTrue(Files.exists(tmp.resolve("model.zip")));
        assertTrue(Files.exists(tmp.resolve("checkpoints/last.zip")));
        assertTrue(Files.list(tmp.resolve("videos/train/left")).anyMatch(p -> p.toString().endsWith(".avi")));
    }
}
