package org.t3d.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.t3d.data.video.DecodeOptions;
import org.t3d.data.video.FailureReason;
import org.t3d.data.video.ProbeResult;
import org.t3d.data.video.VideoProbe;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code t3d inspect FILE...}: decodes each file completely and prints one JSON line per file with the keys
 * {@code path, status (ok|partial|error), reason, error, container, codec, fps, frames, expected_frames, width, height,
 * rotation, duration}. Exit code 0 when every file is ok, 1 otherwise. Missing paths, directories and FIFOs are
 * reported without being opened, and decoding is bounded by {@code --timeout}, so it never hangs.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Decode-check video files; prints one JSON line per file (exit 0 if all are ok, 1 otherwise).")
final class InspectCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Video files.")
    List<String> files;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Per-file decode timeout in seconds (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!(timeoutSeconds > 0)) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeoutSeconds);
        }
        VideoProbe probe = new VideoProbe(DecodeOptions.builder()
                .timeout(Duration.ofMillis((long) Math.ceil(timeoutSeconds * 1000))).codecThreads(0).build());
        PrintWriter out = spec.commandLine().getOut();
        boolean allOk = true;
        for (String f : files) {
            ProbeResult r = probe(probe, f);
            allOk &= r.status() == ProbeResult.Status.OK;
            out.println(r.toJson());
            out.flush();
        }
        return allOk ? 0 : 1;
    }

    static ProbeResult probe(VideoProbe probe, String given) {
        try {
            return probe.probe(Path.of(given), given);
        } catch (InvalidPathException e) {
            return new ProbeResult(given, ProbeResult.Status.ERROR, "invalid path: " + e.getReason(),
                    FailureReason.MISSING_FILE, null, null, Double.NaN, -1, -1, -1, -1, -1, Double.NaN);
        }
    }
}
