package org.t3d.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * Every command's {@code --help} prints its usage and no picocli warning (a lone {@code %} in a description makes
 * picocli print "Could not format" on standard error and show the raw text).
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        CommandLine root = T3dCli.newCommandLine();
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String name : root.getSubcommands().keySet()) {
                CliRun run = CliRun.of(name, "--help");
                assertEquals(0, run.code(), name + " --help: " + run.err());
                assertTrue(run.out().contains("Usage: t3d " + name), name + " --help printed: " + run.out());
            }
        } finally {
            System.setErr(original);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), warnings);
    }
}
