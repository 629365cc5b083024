package org.t3d.data.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kinetics from its official CSV ({@code label,youtube_id,time_start,time_end,split[,is_cc]}, header line required)
 * with clips downloaded as {@code <videoDir>/<label>/<youtube_id>_<start:06d>_<end:06d>.mp4}. The class folder may
 * use spaces or underscores; clips of unlabelled (test) rows are looked up directly in {@code videoDir}. Missing clips
 * (common: YouTube videos disappear) are reported in {@link DatasetIndex#problems()} and skipped, never fatal.
 */
public final class KineticsIndex {
    private static final Logger LOG = LoggerFactory.getLogger(KineticsIndex.class);

    private KineticsIndex() {
    }

    /**
     * Loads a subset: the CSV is {@code annotations} if given, else the first of
     * {@code root/<subset>.csv}, {@code root/annotations/<subset>.csv} (with {@code validate} for val); videos are in
     * {@code root/<subset>} if it exists, else {@code root}.
     *
     * @param root        dataset root
     * @param subset      train, val or test
     * @param annotations the CSV, or {@code null} to use the conventional location
     * @return the index
     * @throws IOException if the CSV cannot be read
     */
    public static DatasetIndex load(Path root, Subset subset, Path annotations) throws IOException {
        String sub = subset.name().toLowerCase(Locale.ROOT);
        Path csv = annotations;
        if (csv == null) {
            List<String> names = subset == Subset.VAL ? List.of("validate", "val") : List.of(sub);
            for (String n : names) {
                for (Path c : List.of(root.resolve(n + ".csv"), root.resolve("annotations").resolve(n + ".csv"))) {
                    if (csv == null && Files.isRegularFile(c)) {
                        csv = c;
                    }
                }
            }
            if (csv == null) {
                throw new IOException(root + ": no " + names.get(0) + ".csv (or annotations/" + names.get(0) + ".csv)");
            }
        }
        Path videos = Ucf101Index.firstDir(root, subset == Subset.VAL ? "val" : sub, subset == Subset.VAL
                ? "validate" : sub);
        return parse(csv, videos, subset == Subset.VAL ? "validate|val" : sub, null, true);
    }

    /**
     * @param csv        the annotation CSV
     * @param videoDir   directory with one folder per class
     * @param splitNames accepted values of the split column, separated by {@code |} (e.g. {@code "validate|val"});
     *                   {@code null} accepts every row
     * @param classes    class names in label order, or {@code null} to use the sorted labels of the whole CSV
     * @param checkFiles whether to skip (and report) clips that do not exist
     * @return the index
     * @throws IOException if the CSV cannot be read or lacks the required columns
     */
    public static DatasetIndex parse(Path csv, Path videoDir, String splitNames, List<String> classes,
                                     boolean checkFiles) throws IOException {
        List<TextLines.Line> lines = TextLines.read(csv);
        if (lines.isEmpty()) {
            throw new IOException(csv + ": empty");
        }
        List<String> header = TextLines.splitCsv(lines.get(0).text());
        int cLabel = header.indexOf("label");
        int cId = header.indexOf("youtube_id");
        int cStart = header.indexOf("time_start");
        int cEnd = header.indexOf("time_end");
        int cSplit = header.indexOf("split");
        if (cId < 0 || cStart < 0 || cEnd < 0) {
            throw new IOException(csv + ": header must name youtube_id, time_start, time_end (and label, split); got "
                    + header);
        }
        List<String> accepted = splitNames == null ? null : List.of(splitNames.split("\\|"));
        List<List<String>> rows = new ArrayList<>();
        TreeSet<String> labels = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (TextLines.Line l : lines.subList(1, lines.size())) {
            List<String> cells = TextLines.splitCsv(l.text());
            if (cells.size() < header.size() - 1 || cells.size() <= Math.max(cId, Math.max(cStart, cEnd))) {
                problems.add(csv.getFileName() + ":" + l.number() + ": malformed row '" + l.text() + "'");
                continue;
            }
            String label = cLabel >= 0 && cLabel < cells.size() ? cells.get(cLabel) : "";
            if (!label.isEmpty()) {
                labels.add(label);
            }
            String split = cSplit >= 0 && cSplit < cells.size() ? cells.get(cSplit) : "";
            if (accepted == null || accepted.contains(split)) {
                rows.add(cells);
            }
        }
        List<String> classList = classes != null ? List.copyOf(classes) : List.copyOf(labels);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < classList.size(); i++) {
            byName.put(classList.get(i), i);
            byName.putIfAbsent(classList.get(i).replace('_', ' '), i);
        }
        List<VideoSample> samples = new ArrayList<>();
        int missing = 0;
        for (List<String> cells : rows) {
            String label = cLabel >= 0 && cLabel < cells.size() ? cells.get(cLabel) : "";
            String file;
            try {
                file = String.format(Locale.ROOT, "%s_%06d_%06d.mp4", cells.get(cId),
                        (int) Double.parseDouble(cells.get(cStart)), (int) Double.parseDouble(cells.get(cEnd)));
            } catch (NumberFormatException e) {
                problems.add(csv.getFileName() + ": bad times in row " + cells);
                continue;
            }
            Integer idx = label.isEmpty() ? Integer.valueOf(0) : byName.get(label);
            if (idx == null) {
                problems.add(csv.getFileName() + ": unknown label '" + label + "' for " + file);
                continue;
            }
            Path path = locate(videoDir, label, file);
            if (checkFiles && path == null) {
                missing++;
                problems.add("missing clip " + (label.isEmpty() ? "" : label + "/") + file);
                continue;
            }
            if (path == null) {
                path = videoDir.resolve(label).resolve(file);
            }
            String id = label.isEmpty() ? file : label + "/" + file;
            samples.add(VideoSample.of(id, path, idx));
        }
        if (missing > 0) {
            LOG.warn("{}: {} of {} clips missing under {} (skipped)", csv.getFileName(), missing, rows.size(), videoDir);
        }
        return new DatasetIndex("kinetics " + csv.getFileName(), classList, samples, problems);
    }

    private static Path locate(Path videoDir, String label, String file) {
        List<Path> candidates = new ArrayList<>(3);
        if (!label.isEmpty()) {
            candidates.add(videoDir.resolve(label).resolve(file));
            candidates.add(videoDir.resolve(label.replace(' ', '_')).resolve(file));
        }
        candidates.add(videoDir.resolve(file));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
