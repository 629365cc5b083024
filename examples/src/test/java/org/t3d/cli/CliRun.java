package org.t3d.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/**
 * One in-process run of the {@code t3d} command line with its output captured.
 *
 * @param code exit code
 * @param out  standard output
 * @param err  standard error
 */
public record CliRun(int code, String out, String err) {

    /**
     * @param args command-line arguments, e.g. {@code "summary", "--model", "t3d-121"}
     * @return the exit code and both streams
     */
    public static CliRun of(String... args) {
        CommandLine cl = T3dCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
