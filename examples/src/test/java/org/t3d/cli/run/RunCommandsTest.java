package org.t3d.cli.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.t3d.cli.CliRun;
import org.t3d.cli.data.Preprocessing;
import org.t3d.cli.demo.SyntheticMotionDataset;
import org.t3d.core.eval.EvaluationReport;
import org.t3d.core.eval.VideoPrediction;
import org.t3d.data.transform.Normalization;
import org.t3d.models.DenseNet3dConfig;


/**
 * {@code train}, {@code evaluate}, {@code classify} and {@code features} end to end on real video files: a tiny
 * labelled data set written by the demo's generator (4 classes, 16 frames of 32×32), a tiny DenseNet3D (growth 4,
 * blocks (2,2,2), 8×32×32 clips) trained for two epochs through {@code train}, then the other commands on its
 * outputs, and the error cases.
 */
class RunCommandsTest {

    private static final List<String> CLASSES = List.of("down", "left", "right", "up"); // sorted folder names

    @TempDir
    static Path tmp;
    static Path videos;
    static Path run;
    static CliRun trained;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @BeforeAll
    static void writeVideosAndTrain() throws Exception {
        videos = tmp.resolve("videos");
        SyntheticMotionDataset gen = new SyntheticMotionDataset(32, 16, 10, 2);
        gen.generate(videos, "train", 2, 1);
        gen.generate(videos, "test", 1, 2);
        Path config = tmp.resolve("tiny.json");
        Files.writeString(config, DenseNet3dConfig.builder().growthRate(4).blockConfig(2, 2, 2).numInitFeatures(8)
                .numClasses(2).input(8, 32).build().toJson());
        run = tmp.resolve("run");
        trained = run("train", "--train", videos.resolve("train").toString(), "--val",
                videos.resolve("test.csv").toString(), "-m", config.toString(), "--frames", "8", "--size", "32",
                "--short-side", "0", "--batch", "4", "--epochs", "2", "--no-flip", "--optimizer", "adam", "--lr",
                "3e-3", "--schedule", "constant", "-o", run.toString());
    }

    private static String model() {
        return run.resolve("model.zip").toString();
    }

    private static void assertOneLineError(CliRun r, String... fragments) {
        assertEquals(2, r.code(), r.out() + r.err());
        String[] lines = r.err().strip().split("\\R");
        assertEquals(2, lines.length, r.err());
        assertTrue(lines[0].startsWith("t3d ") && lines[0].contains(": error: "), r.err());
        assertEquals("(run with --verbose for the stack trace)", lines[1]);
        assertFalse(r.err().contains("\tat "), r.err());
        for (String f : fragments) {
            assertTrue(lines[0].contains(f), "'" + f + "' missing in: " + lines[0]);
        }
    }

    @Test
    void trainWritesModelCheckpointsHistoryAndThePreprocessing() throws Exception {
        assertEquals(0, trained.code(), trained.out() + trained.err());
        assertTrue(trained.out().contains("epoch 2/2: train loss") && trained.out().contains("val clip accuracy"),
                trained.out());
        for (String f : List.of("model.zip", "labels.txt", "history.csv", "checkpoints/last.zip",
                "checkpoints/best.zip", "plots/training-curves.png")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        assertEquals(CLASSES, Files.readAllLines(run.resolve("labels.txt")));
        assertEquals(3, Files.readAllLines(run.resolve("history.csv")).size());
        Preprocessing expected = new Preprocessing(8, 1, 0, 32, Normalization.IMAGENET);
        LoadedModel zip = LoadedModel.load(run.resolve("model.zip"), null);
        assertEquals(expected, zip.preprocessing());
        assertEquals(CLASSES, zip.labels());
        LoadedModel checkpoint = LoadedModel.load(run.resolve("checkpoints/last.zip"), null);
        assertEquals(expected, checkpoint.preprocessing());
        assertEquals(CLASSES, checkpoint.labels());
        assertEquals(zip.model().graph().params(), checkpoint.model().graph().params());
    }

    @Test
    void evaluateWritesJsonMarkdownAndPlotWithTheProtocol() throws Exception {
        Path out = tmp.resolve("eval");
        CliRun r = run("evaluate", "-m", model(), "-d", videos.resolve("test").toString(), "--crops", "3", "-o",
                out.toString(), "--name", "three", "--dataset", "tiny test");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("evaluate: protocol: tiny test: 8-frame clips"), r.out());
        EvaluationReport rep = EvaluationReport.fromJson(Files.readString(out.resolve("three.json")));
        assertEquals(CLASSES, rep.classNames());
        assertEquals(4, rep.video().count());
        assertEquals(4 * 2 * 3, rep.clip().count()); // 16 frames = 2 dense 8-frame clips, x 3 crops
        assertEquals(4, rep.video().topK());
        assertEquals(1.0, rep.video().top5(), 1e-9); // top-4 of 4 classes
        assertTrue(rep.video().top1() >= 0 && rep.video().top1() <= 1);
        assertEquals(4, rep.video().perClassAccuracy().length);
        assertArrayEquals(new int[] {1, 1, 1, 1}, rep.video().perClassCount());
        long total = 0;
        for (long[] row : rep.video().confusion()) {
            assertEquals(4, row.length);
            for (long v : row) {
                total += v;
            }
        }
        assertEquals(4, total);
        for (VideoPrediction v : rep.videos()) {
            assertEquals(6, v.clips(), v.videoId());
            double sum = 0;
            for (float p : v.scores()) {
                sum += p;
            }
            assertEquals(1.0, sum, 1e-4, "video score = mean of softmaxes");
        }
        assertTrue(rep.protocol().crops().contains("3 long-side"), rep.protocol().crops());
        assertTrue(rep.protocol().clipSampling().contains("dense non-overlapping")
                && rep.protocol().clipSampling().contains("2.0 clips per video on average (min 2, max 2) x 3 crops"),
                rep.protocol().clipSampling());
        assertTrue(rep.protocol().aggregation().contains("all clips x crops"), rep.protocol().aggregation());
        String md = Files.readString(out.resolve("three.md"));
        for (String s : List.of("**Protocol.** tiny test", "3 long-side", "x 3 crops", "| video | 4 |",
                "## Per-class accuracy", "| 1 | left |", "## Confusion matrix")) {
            assertTrue(md.contains(s), "'" + s + "' missing in\n" + md);
        }
        assertTrue(Files.size(out.resolve("three-confusion.png")) > 1000);

        // centre crop, from the CSV (class names) and a checkpoint
        CliRun centre = run("evaluate", "-m", run.resolve("checkpoints/last.zip").toString(), "-d",
                videos.resolve("test.csv").toString(), "-o", out.toString());
        assertEquals(0, centre.code(), centre.out() + centre.err());
        EvaluationReport c = EvaluationReport.fromJson(Files.readString(out.resolve("evaluation.json")));
        assertEquals(8, c.clip().count());
        assertEquals("centre", c.protocol().crops());
        assertTrue(c.protocol().describe().contains("x 1 crop, 32x32 centre crop(s)"), c.protocol().describe());
    }

    @Test
    void classifyPrintsTopKClassNamesWithTheMeanOverClipsAndCrops() throws Exception {
        Path video = videos.resolve("test/left/test_left_000.avi");
        CliRun r = run("classify", video.toString(), "-m", model(), "--top", "3", "--crops", "3");
        assertEquals(0, r.code(), r.out() + r.err());
        String[] lines = r.out().strip().split("\\R");
        assertEquals(4, lines.length, r.out());
        assertTrue(lines[0].startsWith("test_left_000.avi: 2 clips x 3 crops along the long side, 8x32x32 clips"),
                lines[0]);
        Pattern row = Pattern.compile("^(\\d)\\. (\\S+)\\s+(\\d+\\.\\d\\d) %$");
        List<Double> pct = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int k = 1; k < 4; k++) {
            Matcher m = row.matcher(lines[k]);
            assertTrue(m.matches(), lines[k]);
            assertEquals(String.valueOf(k), m.group(1));
            assertTrue(CLASSES.contains(m.group(2)), m.group(2));
            names.add(m.group(2));
            pct.add(Double.parseDouble(m.group(3)));
        }
        assertTrue(pct.get(0) >= pct.get(1) && pct.get(1) >= pct.get(2), pct.toString());
        assertEquals(3, names.stream().distinct().count());

        // the same numbers as evaluate's video score for this video (same clips, crops and preprocessing)
        Path out = tmp.resolve("eval-one");
        assertEquals(0, run("evaluate", "-m", model(), "-d", videos.resolve("test").toString(), "--crops", "3",
                "-o", out.toString()).code());
        VideoPrediction v = EvaluationReport.fromJson(Files.readString(out.resolve("evaluation.json"))).videos()
                .stream().filter(p -> p.videoId().equals("left/test_left_000.avi")).findFirst().orElseThrow();
        for (int k = 0; k < 3; k++) {
            assertEquals(100 * v.scores()[CLASSES.indexOf(names.get(k))], pct.get(k), 0.006, names.get(k));
        }
    }

    @Test
    void featuresWritesNpyAndCsvWithOneRowPerVideoOrClip() throws Exception {
        LoadedModel m = LoadedModel.load(run.resolve("model.zip"), null);
        long dim = m.model().features(Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 32, 32)).size(1);

        Path npy = tmp.resolve("features/test.npy");
        CliRun r = run("features", "-m", model(), "-d", videos.resolve("test.csv").toString(), "-o", npy.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith(String.format(Locale.ROOT, "features: 4 x %d (video level", dim)), r.out());
        INDArray a = Nd4j.createFromNpyFile(npy.toFile());
        assertArrayEquals(new long[] {4, dim}, a.shape());
        List<String> ids = Files.readAllLines(tmp.resolve("features/test.npy.ids.txt"));
        assertEquals(List.of("test/left/test_left_000.avi", "test/right/test_right_000.avi", "test/up/test_up_000.avi",
                "test/down/test_down_000.avi"), ids);

        Path csv = tmp.resolve("features/clips.csv");
        r = run("features", "-m", model(), "-d", videos.resolve("test").toString(), "-o", csv.toString(), "--per",
                "clip", "--crops", "3");
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(1 + 4 * 2, lines.size());
        assertEquals(2 + dim, lines.get(0).split(",").length);
        assertTrue(lines.get(0).startsWith("id,label,f0,f1,"), lines.get(0));
        assertTrue(lines.get(1).startsWith("down/test_down_000.avi#0,0,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("down/test_down_000.avi#1,0,"), lines.get(2));
        for (String l : lines.subList(1, lines.size())) {
            assertEquals(2 + dim, l.split(",").length, l);
        }

        Path one = tmp.resolve("features/one.npy");
        r = run("features", "-m", model(), "-d", videos.resolve("test/up/test_up_000.avi").toString(), "-o",
                one.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertArrayEquals(new long[] {1, dim}, Nd4j.createFromNpyFile(one.toFile()).shape());
    }

    @Test
    void badInputGivesExitCode2AndOneLineNamingIt() throws Exception {
        assertOneLineError(run("classify", tmp.resolve("nope.avi").toString(), "-m", model()), "nope.avi",
                "does not exist");
        assertOneLineError(run("evaluate", "-m", tmp.resolve("missing.zip").toString(), "-d",
                videos.resolve("test").toString()), "missing.zip", "does not exist");

        Path corrupt = Files.createDirectories(tmp.resolve("bad/left")).resolve("corrupt.avi");
        Files.write(corrupt, "this is not a video at all. ".repeat(50).getBytes());
        assertOneLineError(run("classify", corrupt.toString(), "-m", model()), "corrupt.avi", "cannot load video");
        assertOneLineError(run("evaluate", "-m", model(), "-d", tmp.resolve("bad").toString(), "-o",
                tmp.resolve("bad-eval").toString()), "corrupt.avi", "cannot load video");

        Path csv = videos.resolve("with-missing.csv");
        Files.writeString(csv, "path,label\ntest/up/test_up_000.avi,up\ntest/up/gone.avi,up\n");
        assertOneLineError(run("evaluate", "-m", model(), "-d", csv.toString()), "with-missing.csv", "missing",
                "gone.avi");
        assertOneLineError(run("train", "--train", tmp.resolve("no-such-dir").toString(), "-o",
                tmp.resolve("x").toString()), "no-such-dir", "does not exist");
        assertOneLineError(run("classify", videos.resolve("test/up/test_up_000.avi").toString(), "-m", model(),
                "--crops", "2"), "--crops must be 1");
    }
}
