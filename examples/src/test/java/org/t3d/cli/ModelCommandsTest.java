package org.t3d.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.t3d.models.DenseNet3dConfig;
import org.t3d.models.ModelOptions;
import org.t3d.models.T3dModel;
import org.t3d.models.T3dModels;
import org.t3d.models.io.WeightExporter;


/** {@code t3d summary}, {@code t3d import} and {@code t3d benchmark} on the command line. */
class ModelCommandsTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    void summaryEndsWithTheParameterCount() {
        CliRun r = run("summary", "--model", "t3d-121");
        assertEquals(0, r.code(), r.err());
        assertEquals("params: 30321552", lastLine(r.out()));
        assertTrue(r.out().contains("ttl3") && r.out().contains("252.5"), r.out());
        assertEquals("params: 29731728", lastLine(run("summary", "--model", "t3d-121", "--profile", "official").out()));
        assertEquals("params: 11658896", lastLine(run("summary", "--model", "densenet3d-121", "--frames", "16",
                "--size", "112").out()));
        assertEquals("params: " + (11658896 - 400 * 1025 + 101 * 1025), lastLine(run("summary", "--model",
                "densenet3d-121", "--classes", "101").out()));
        CliRun bad = run("summary", "--model", "t3d-999");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown model id"), bad.err());
    }

    @Test
    void importPrintsTheReportAndSavesAModel(@TempDir Path tmp) throws Exception {
        DenseNet3dConfig tiny = DenseNet3dConfig.builder().growthRate(4).blockConfig(2, 2, 2, 2).numInitFeatures(8)
                .numClasses(5).input(16, 32).build();
        Path cfg = tmp.resolve("tiny.json");
        Files.writeString(cfg, tiny.toJson());
        T3dModel src = T3dModels.build(tiny, ModelOptions.DEFAULTS);
        Path npz = tmp.resolve("state.npz");
        WeightExporter.write(src, npz);
        Path zip = tmp.resolve("out.zip");
        CliRun r = run("import", "--weights", npz.toString(), "--model", cfg.toString(), "--out", zip.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("missing: 0") && r.out().contains("status: OK"), r.out());
        assertEquals(src.graph().params(), T3dModel.load(zip).graph().params());

        CliRun mismatch = run("import", "--weights", npz.toString(), "--model", cfg.toString(), "--classes", "3",
                "--out", tmp.resolve("x.zip").toString());
        assertEquals(2, mismatch.code());
        assertTrue(mismatch.out().contains("mismatch   classifier.weight"), mismatch.out());
        assertTrue(mismatch.err().contains("--reinit-classifier"), mismatch.err());
        CliRun reinit = run("import", "--weights", npz.toString(), "--model", cfg.toString(), "--classes", "3",
                "--reinit-classifier", "--out", tmp.resolve("y.zip").toString());
        assertEquals(0, reinit.code(), reinit.err());
        assertTrue(reinit.out().contains("skipped    classifier.weight"), reinit.out());
    }

    @Test
    void benchmarkRunsOnATinyConfig(@TempDir Path tmp) throws Exception {
        DenseNet3dConfig tiny = DenseNet3dConfig.builder().growthRate(4).blockConfig(1, 1, 1, 1).numInitFeatures(8)
                .numClasses(5).build();
        Path cfg = tmp.resolve("tiny.json");
        Files.writeString(cfg, tiny.toJson());
        CliRun r = run("benchmark", "--model", cfg.toString(), "--frames", "16", "--size", "64", "--reps", "2",
                "--warmup", "0");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("RESULT impl=dl4j") && r.out().contains("mode=train") && r.out().contains(
                "GFLOP/s") && r.out().contains("peak_rss_mb="), r.out());
    }

    @Test
    void blockBenchmarkPrintsResultLines() throws Exception {
        CliRun r = run("benchmark-blocks", "--blocks", "conv3d", "--reps", "1", "--warmup", "0", "--sgemm", "256");
        assertEquals(0, r.code(), r.err() + r.out());
        for (String line : new String[] {"block=sgemm256 mode=fwd", "block=conv3d mode=fwd", "block=conv3d mode=train",
            "block=process mode=peak"}) {
            assertTrue(r.out().contains("RESULT impl=dl4j " + line), line + " missing in " + r.out());
        }
        CliRun bad = run("benchmark-blocks", "--blocks", "nope");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown block 'nope'"), bad.err());
    }
}
