package org.t3d.cli.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.t3d.data.transform.Normalization;
import org.t3d.data.transform.SpatialPlan;
import org.t3d.data.transform.TransformConfig;
import org.t3d.data.video.VideoReader;
import org.t3d.models.DenseNet3dConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;

/** The README's "Java in ten lines" runs as written, on a video and a tiny model the test writes. */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void readmeSnippetClassifiesAVideo() throws Exception {
        Path video = dir.resolve("v_Archery_g01_c01.avi");
        new SyntheticVideoWriter(256, 36, 64, 3).write(video, Motion.values()[0], new Random(1));
        Path runDir = Files.createDirectories(dir.resolve("runs/ucf101"));
        DenseNet3dConfig tiny = DenseNet3dConfig.builder().growthRate(4).blockConfig(1, 1, 1, 1).numInitFeatures(8)
                .numClasses(3).input(32, 224).build();
        T3dModels.build(tiny, ModelOptions.DEFAULTS).save(runDir.resolve("model.zip"));
        Files.write(runDir.resolve("labels.txt"), List.of("Archery", "Bowling", "Diving"));

        // --- README.md, "Java in ten lines" (paths made relative to the test's folder) ---
        T3dModel model = T3dModel.load(runDir.resolve("model.zip"));
        List<String> labels = Files.readAllLines(runDir.resolve("labels.txt"));
        try (VideoReader v = VideoReader.open(video)) {
            int[] frames = IntStream.range(0, 32).toArray();                              // one 32-frame clip
            SpatialPlan centre = TransformConfig.testCenter(224)                          // short side 256, centre 224²
                    .plan(v.metadata().width(), v.metadata().height(), new SplittableRandom(0));
            INDArray clip = v.read(frames, centre, Normalization.IMAGENET).toINDArray(); // [3,32,224,224] RGB
            INDArray probs = model.predict(clip.reshape(1, 3, 32, 224, 224));             // [1, classes] softmax
            int best = probs.argMax(1).getInt(0);
            String line = String.format("%s %.1f %%%n", labels.get(best), 100 * probs.getDouble(0, best));
            // --- end of the snippet ---
            assertArrayEquals(new long[] {3, 32, 224, 224}, clip.shape());
            assertEquals(1.0, probs.sumNumber().doubleValue(), 1e-5);
            assertTrue(labels.contains(line.substring(0, line.indexOf(' '))), line);
            // ImageNet normalisation was applied: values are no longer in 0..255
            assertTrue(clip.minNumber().doubleValue() < 0, "clip not normalised");
        }
    }
}
