package org.t3d.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The progress line and the non-terminal fallback. */
class ProgressBarTest {

    @Test
    void lineShowsCountsEtaRateAndLoss() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), false, 0);
        bar.start("epoch 1/3", 10, "clips");
        bar.step(4, 0.6931);
        String line = bar.line();
        assertTrue(line.startsWith("epoch 1/3 [#########"), line);
        assertTrue(line.contains("4/10"), line);
        assertTrue(line.contains("ETA "), line);
        assertTrue(line.contains("clips/s"), line);
        assertTrue(line.contains("loss 0.693"), line);
        bar.finish();
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(!out.contains("\r"), "no carriage returns when not a terminal: " + out);
        assertEquals(2, out.lines().count(), out);
    }

    @Test
    void clockFormats() {
        assertEquals("0:05", ProgressBar.clock(5));
        assertEquals("2:03", ProgressBar.clock(123));
        assertEquals("1:00:01", ProgressBar.clock(3601));
    }
}
