package org.t3d.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;


/** {@code t3d inspect} and {@code t3d check-dataset} on the shared fixtures and on paths that are not videos. */
class DataCommandsTest {
    @TempDir
    Path tmp;

    private static Path fixtures() {
        for (Path p : List.of(Path.of("..", "shared", "fixtures"), Path.of("..", "..", "shared", "fixtures"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void inspectPrintsOneJsonLinePerFileAndNeverHangs() throws Exception {
        Path fx = fixtures();
        assumeTrue(fx != null, "shared fixtures absent: skipped");
        String ok = fx.resolve("videos/mmaction2_test.avi").toString();
        CliRun good = run("inspect", ok);
        assertEquals(0, good.code(), good.err());
        assertTrue(good.out().startsWith("{\"path\":\"" + ok + "\",\"status\":\"ok\""), good.out());
        assertTrue(good.out().contains("\"frames\":164"), good.out());

        Path fifo = tmp.resolve("fifo.mp4");
        boolean haveFifo = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        CliRun mixed = run("inspect", ok, fx.resolve("bad/truncated_half.avi").toString(),
                fx.resolve("videos/torchcodec_av1_video.mkv").toString(), tmp.toString(),
                tmp.resolve("missing.mp4").toString(), haveFifo ? fifo.toString() : tmp.toString());
        assertEquals(1, mixed.code());
        String[] lines = mixed.out().strip().split("\n");
        assertEquals(6, lines.length, mixed.out());
        assertTrue(lines[1].contains("\"status\":\"partial\"") && lines[1].contains("\"frames\":77"), lines[1]);
        assertTrue(lines[2].contains("\"error\":\"unsupported-codec\""), lines[2]);
        assertTrue(lines[3].contains("\"error\":\"not-a-regular-file\""), lines[3]);
        assertTrue(lines[4].contains("\"error\":\"missing-file\""), lines[4]);
        assertTrue(lines[5].contains("\"error\":\"not-a-regular-file\""), lines[5]);
        for (String l : lines) {
            for (String key : List.of("path", "status", "reason", "codec", "fps", "frames", "width", "height",
                    "duration")) {
                assertTrue(l.contains("\"" + key + "\":"), key + " missing in " + l);
            }
        }
    }

    @Test
    void checkDatasetSummarisesUnreadableVideos() throws Exception {
        Path fx = fixtures();
        assumeTrue(fx != null, "shared fixtures absent: skipped");
        Path root = tmp.resolve("ds");
        Files.createDirectories(root.resolve("good"));
        Files.createDirectories(root.resolve("bad"));
        Files.createSymbolicLink(root.resolve("good/a.avi"), fx.resolve("videos/mmaction2_test.avi").toAbsolutePath());
        Files.createSymbolicLink(root.resolve("bad/b.mp4"), fx.resolve("bad/audio_only.mp4").toAbsolutePath());
        Files.createSymbolicLink(root.resolve("bad/c.mp4"), fx.resolve("bad/garbage_in_mdat.mp4").toAbsolutePath());
        CliRun r = run("check-dataset", "--dataset", "folder", "--root", root.toString());
        assertEquals(1, r.code(), r.err());
        String summary = r.out().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(summary.contains("\"videos\":3") && summary.contains("\"ok\":1") && summary.contains("\"partial\":1")
                && summary.contains("\"error\":1") && summary.contains("\"no-video-stream\":1"), summary);
        CliRun bad = run("check-dataset", "--dataset", "nope", "--root", root.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown dataset"), bad.err());
    }
}
