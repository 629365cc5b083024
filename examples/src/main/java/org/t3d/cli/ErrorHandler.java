package org.t3d.cli;

import picocli.CommandLine;

/**
 * Prints errors as one line without a stack trace (unless {@code --verbose}) and maps them to exit codes:
 * 2 for bad arguments or input (including a video that cannot be decoded), 1 for other failures.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        boolean verbose = parseResult.hasMatchedOption("--verbose")
                || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose"));
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cmd.getErr().println("t3d " + cmd.getCommandName() + ": error: " + msg);
        if (verbose) {
            ex.printStackTrace(cmd.getErr());
        } else {
            cmd.getErr().println("(run with --verbose for the stack trace)");
        }
        return ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                || ex instanceof org.t3d.data.iterator.DataLoadingException ? 2 : 1;
    }
}
