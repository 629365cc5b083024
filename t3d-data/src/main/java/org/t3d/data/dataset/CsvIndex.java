package org.t3d.data.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A CSV of {@code path,label[,start,end]} rows (an optional header row starting with {@code path}), or a
 * whitespace-separated list file of {@code <path> <label>} rows (mmaction2 / PaddleVideo style). Paths are relative to
 * a base directory; labels are 0-based integers or class names (sorted to define the label order unless a class list
 * is given); {@code start}/{@code end} in seconds restrict clip sampling to a segment.
 */
public final class CsvIndex {
    private CsvIndex() {
    }

    /**
     * @param csv        the CSV file
     * @param baseDir    directory relative paths resolve against ({@code null}: the CSV's directory)
     * @param classes    class names in label order, or {@code null}
     * @param checkFiles whether to skip (and report) missing files
     * @return the index
     * @throws IOException if the file cannot be read or a row is malformed
     */
    public static DatasetIndex loadCsv(Path csv, Path baseDir, List<String> classes, boolean checkFiles)
            throws IOException {
        List<String[]> rows = new ArrayList<>();
        boolean first = true;
        for (TextLines.Line l : TextLines.read(csv)) {
            List<String> cells = TextLines.splitCsv(l.text());
            boolean header = first && cells.get(0).equalsIgnoreCase("path");
            first = false;
            if (header) {
                continue;
            }
            if (cells.size() != 2 && cells.size() != 4) {
                throw new IOException(csv + ":" + l.number() + ": expected path,label[,start,end], got '" + l.text()
                        + "'");
            }
            rows.add(cells.toArray(new String[0]));
        }
        return build(csv, baseDir, classes, checkFiles, rows, "csv ");
    }

    /**
     * @param list       a list file of {@code <path> <label>} lines
     * @param baseDir    directory relative paths resolve against ({@code null}: the list's directory)
     * @param classes    class names in label order, or {@code null}
     * @param checkFiles whether to skip (and report) missing files
     * @return the index
     * @throws IOException if the file cannot be read or a row is malformed
     */
    public static DatasetIndex loadList(Path list, Path baseDir, List<String> classes, boolean checkFiles)
            throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (TextLines.Line l : TextLines.read(list)) {
            String[] parts = l.text().split("\\s+");
            if (parts.length != 2) {
                throw new IOException(list + ":" + l.number() + ": expected '<path> <label>', got '" + l.text() + "'");
            }
            rows.add(parts);
        }
        return build(list, baseDir, classes, checkFiles, rows, "list ");
    }

    private static DatasetIndex build(Path file, Path baseDir, List<String> classes, boolean checkFiles,
                                      List<String[]> rows, String kind) throws IOException {
        Path base = baseDir != null ? baseDir : file.toAbsolutePath().getParent();
        boolean numeric = true;
        TreeSet<String> names = new TreeSet<>();
        int maxId = -1;
        for (String[] r : rows) {
            if (r[1].matches("\\d+")) {
                maxId = Math.max(maxId, Integer.parseInt(r[1]));
            } else {
                numeric = false;
            }
            names.add(r[1]);
        }
        List<String> classList;
        if (classes != null) {
            classList = List.copyOf(classes);
        } else if (numeric) {
            classList = new ArrayList<>();
            for (int i = 0; i <= maxId; i++) {
                classList.add(Integer.toString(i));
            }
        } else {
            classList = List.copyOf(names);
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < classList.size(); i++) {
            byName.put(classList.get(i), i);
        }
        List<VideoSample> samples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String[] r : rows) {
            Integer label = numeric && classes == null ? Integer.valueOf(Integer.parseInt(r[1])) : byName.get(r[1]);
            if (label == null && r[1].matches("\\d+") && Integer.parseInt(r[1]) < classList.size()) {
                label = Integer.parseInt(r[1]);
            }
            if (label == null) {
                throw new IOException(file + ": unknown label '" + r[1] + "' for " + r[0]);
            }
            Path path = base.resolve(r[0]);
            if (checkFiles && !Files.isRegularFile(path)) {
                problems.add("missing video " + path);
                continue;
            }
            double start = Double.NaN;
            double end = Double.NaN;
            if (r.length == 4) {
                try {
                    start = r[2].isEmpty() ? Double.NaN : Double.parseDouble(r[2]);
                    end = r[3].isEmpty() ? Double.NaN : Double.parseDouble(r[3]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": bad start/end for " + r[0] + ": " + r[2] + ", " + r[3], e);
                }
            }
            samples.add(new VideoSample(r[0], path, label, start, end));
        }
        return new DatasetIndex(kind + file.getFileName(), classList, samples, problems);
    }
}
