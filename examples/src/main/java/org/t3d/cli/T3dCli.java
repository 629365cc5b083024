package org.t3d.cli;

import java.util.concurrent.Callable;

import org.t3d.core.layers.OneDnn;

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

    /** System property: {@code false} runs commands on the main thread, handing every oneDNN call over. */
    public static final String JOB_PROPERTY = "t3d.onednn.job";

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
        cl.addSubcommand(new CommandLine(new InspectCommand()));
        cl.addSubcommand(new CommandLine(new CheckDatasetCommand()));
        cl.addSubcommand(new CommandLine(new ImportCommand()));
        cl.addSubcommand(new CommandLine(new BenchmarkCommand()));
        cl.addSubcommand(new CommandLine(new BlockBenchmarkCommand()));
        cl.addSubcommand(new CommandLine(new org.t3d.cli.demo.DemoCommand()));
        cl.addSubcommand(new CommandLine(new org.t3d.cli.run.TrainCommand()));
        cl.addSubcommand(new CommandLine(new org.t3d.cli.run.EvaluateCommand()));
        cl.addSubcommand(new CommandLine(new org.t3d.cli.run.ClassifyCommand()));
        cl.addSubcommand(new CommandLine(new org.t3d.cli.run.FeaturesCommand()));
        cl.addSubcommand(new CommandLine(new TransferCommand()));
        cl.addSubcommand(new CommandLine(new InflateCommand()));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }

    /**
     * Runs the command line, on T3D-J's oneDNN thread ({@link OneDnn#callOnOneDnnThread}) unless the system property
     * {@value #JOB_PROPERTY} is {@code false}.
     *
     * @param args arguments
     * @throws Exception never in practice (picocli turns a command's exceptions into exit codes)
     */
    public static void main(String[] args) throws Exception {
        int code = Boolean.parseBoolean(System.getProperty(JOB_PROPERTY, "true"))
                ? OneDnn.callOnOneDnnThread(() -> newCommandLine().execute(args))
                : newCommandLine().execute(args);
        System.exit(code);
    }
}
