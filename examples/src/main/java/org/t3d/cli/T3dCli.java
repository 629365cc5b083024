package org.t3d.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of the {@code t3d} command line. Each subcommand is its own class in this package; register it
 * in {@link #newCommandLine()}.
 */
@Command(name = "t3d", mixinStandardHelpOptions = true, version = "t3d 0.1.0-SNAPSHOT",
        description = "T3D-J: Temporal 3D ConvNets (DenseNet3D, T3D, 2D->3D supervision transfer) on the JVM.")
public final class T3dCli implements Callable<Integer> {

    @Option(names = "--verbose", description = "Print stack traces on errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** @return the command line with every subcommand registered and the shared error handling */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new T3dCli());
        // Subcommands, one line each.
        cl.addSubcommand(new CommandLine(new SummaryCommand()));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }

    /**
     * Runs the command line.
     *
     * @param args arguments
     */
    public static void main(String[] args) {
        int code = newCommandLine().execute(args);
        System.exit(code);
    }
}
