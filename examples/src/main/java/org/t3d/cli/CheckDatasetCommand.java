package org.t3d.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.dataset.DatasetKind;
import org.t3d.data.dataset.Subset;
import org.t3d.data.dataset.VideoSample;
import org.t3d.data.video.DecodeOptions;
import org.t3d.data.video.ProbeResult;
import org.t3d.data.video.VideoProbe;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code t3d check-dataset}: indexes a dataset split and decode-checks every video. Prints one JSON line per video
 * that is not ok (every video with {@code --all}), missing files as errors, then one summary JSON line with counts
 * per status and per error reason. Exit code 0 when every video is ok, 1 otherwise.
 */
@Command(name = "check-dataset", mixinStandardHelpOptions = true,
        description = "Decode-check every video of a dataset split; prints problem lines and a JSON summary.")
final class CheckDatasetCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, paramLabel = "KIND",
            description = "ucf101, hmdb51, kinetics, folder or csv.")
    String dataset;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "Dataset root directory.")
    Path root;

    @Option(names = "--split", defaultValue = "1", paramLabel = "N",
            description = "Split number for ucf101/hmdb51 (default: ${DEFAULT-VALUE}).")
    int split;

    @Option(names = "--subset", defaultValue = "all", paramLabel = "SUBSET",
            description = "train, val, test or all (default: ${DEFAULT-VALUE}).")
    String subset;

    @Option(names = "--annotations", paramLabel = "FILE",
            description = "Annotation CSV for kinetics/csv (default: <root>/<subset>.csv).")
    Path annotations;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "Videos checked in parallel (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "Per-video decode timeout (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--all", description = "Print a line for every video, not only for problems.")
    boolean all;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads must be in 1..64, got " + threads);
        }
        if (!(timeoutSeconds > 0)) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeoutSeconds);
        }
        if (!java.nio.file.Files.isDirectory(root)) {
            throw new IllegalArgumentException("--root " + root + " is not a directory");
        }
        DatasetKind kind = DatasetKind.parse(dataset);
        List<DatasetIndex> indices = load(kind);
        Set<Path> seen = new LinkedHashSet<>();
        List<VideoSample> samples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (DatasetIndex idx : indices) {
            problems.addAll(idx.problems());
            for (VideoSample s : idx.samples()) {
                if (seen.add(s.path())) {
                    samples.add(s);
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        byStatus.put("ok", 0);
        byStatus.put("partial", 0);
        byStatus.put("error", 0);
        Map<String, Integer> byReason = new TreeMap<>();
        for (String p : problems) {
            out.println("{\"path\":null,\"status\":\"error\",\"reason\":" + ProbeResult.str(p)
                    + ",\"error\":\"index\"}");
            byReason.merge("index", 1, Integer::sum);
        }
        VideoProbe probe = new VideoProbe(DecodeOptions.builder()
                .timeout(Duration.ofMillis((long) Math.ceil(timeoutSeconds * 1000))).build());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "check-dataset");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ProbeResult>> results = new ArrayList<>(samples.size());
            for (VideoSample s : samples) {
                results.add(pool.submit(() -> probe.probe(s.path(), s.path().toString())));
            }
            for (Future<ProbeResult> f : results) {
                ProbeResult r;
                try {
                    r = f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("probe failed: " + e.getCause(), e.getCause());
                }
                byStatus.merge(r.status().id(), 1, Integer::sum);
                if (r.status() != ProbeResult.Status.OK) {
                    byReason.merge(r.failure() != null ? r.failure().id() : "partial", 1, Integer::sum);
                }
                if (all || r.status() != ProbeResult.Status.OK) {
                    out.println(r.toJson());
                    out.flush();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        StringBuilder sb = new StringBuilder("{\"summary\":true,\"dataset\":").append(ProbeResult.str(kind.name()
                .toLowerCase(Locale.ROOT))).append(",\"root\":").append(ProbeResult.str(root.toString()))
                .append(",\"indices\":").append(ProbeResult.str(String.join("; ",
                        indices.stream().map(DatasetIndex::name).toList())))
                .append(",\"videos\":").append(samples.size()).append(",\"index_problems\":").append(problems.size());
        byStatus.forEach((k, v) -> sb.append(",\"").append(k).append("\":").append(v));
        sb.append(",\"reasons\":{");
        boolean first = true;
        for (var e : byReason.entrySet()) {
            sb.append(first ? "" : ",").append(ProbeResult.str(e.getKey())).append(':').append(e.getValue());
            first = false;
        }
        out.println(sb.append("}}"));
        out.flush();
        boolean clean = problems.isEmpty() && byStatus.get("partial") == 0 && byStatus.get("error") == 0;
        return clean ? 0 : 1;
    }

    private List<DatasetIndex> load(DatasetKind kind) throws IOException {
        if (kind == DatasetKind.FOLDER) {
            return List.of(kind.load(root, split, Subset.TRAIN, annotations));
        }
        if (!subset.equalsIgnoreCase("all")) {
            return List.of(kind.load(root, split, Subset.parse(subset), annotations));
        }
        if (annotations != null) {
            return List.of(kind.load(root, split, Subset.TRAIN, annotations));
        }
        List<DatasetIndex> out = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Subset s : Subset.values()) {
            try {
                out.add(kind.load(root, split, s, null));
            } catch (IOException | IllegalArgumentException e) {
                failures.add(s.name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no " + kind.name().toLowerCase(Locale.ROOT) + " split found under " + root + " ("
                    + String.join("; ", failures) + ")");
        }
        return out;
    }
}
