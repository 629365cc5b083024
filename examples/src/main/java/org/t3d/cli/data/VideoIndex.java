package org.t3d.cli.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A labelled video list read from either a directory with one sub-directory per class
 * ({@code root/<class>/*.avi|mp4|mkv|webm|mov}, classes sorted by name) or a CSV file of {@code path,label} lines
 * (path relative to the CSV's directory; label a class index or name; {@code #} comments).
 *
 * @param videos  the videos
 * @param classes class names, index = label
 */
public record VideoIndex(List<LabelledVideo> videos, List<String> classes) {

    private static final List<String> EXTENSIONS = List.of(".avi", ".mp4", ".mkv", ".webm", ".mov", ".mpg", ".mpeg");

    /** Copies. */
    public VideoIndex {
        videos = List.copyOf(videos);
        classes = List.copyOf(classes);
    }

    /**
     * @param source  class-folder directory or CSV file
     * @param classes known class names (e.g. of the training set) or null to infer them
     * @return the index
     * @throws IllegalArgumentException naming the file and line on malformed input
     */
    public static VideoIndex read(Path source, List<String> classes) {
        try {
            if (Files.isDirectory(source)) {
                return fromFolders(source, classes);
            }
            if (Files.isRegularFile(source)) {
                return fromCsv(source, classes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("data set '" + source + "' does not exist (expected a class-folder "
                + "directory or a CSV file of path,label lines)");
    }

    private static VideoIndex fromFolders(Path root, List<String> known) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(names::add);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("'" + root + "' has no class sub-directories");
        }
        List<String> classes = known != null ? known : names;
        List<LabelledVideo> videos = new ArrayList<>();
        for (String name : names) {
            int label = classes.indexOf(name);
            if (label < 0) {
                throw new IllegalArgumentException("class folder '" + name + "' in " + root + " is not one of the "
                        + classes.size() + " known classes");
            }
            try (Stream<Path> s = Files.list(root.resolve(name))) {
                s.filter(VideoIndex::isVideo).sorted().forEach(p -> videos.add(new LabelledVideo(p, label)));
            }
        }
        if (videos.isEmpty()) {
            throw new IllegalArgumentException("no video files under " + root);
        }
        return new VideoIndex(videos, classes);
    }

    private static VideoIndex fromCsv(Path csv, List<String> known) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> classes = known != null ? new ArrayList<>(known) : new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            if (comma <= 0) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": expected 'path,label', got '" + line + "'");
            }
            rows.add(new String[] {line.substring(0, comma).strip(), line.substring(comma + 1).strip(),
                    String.valueOf(i + 1)});
        }
        boolean numeric = rows.stream().allMatch(r -> r[1].matches("\\d+"));
        if (known == null) {
            if (numeric) {
                int max = rows.stream().mapToInt(r -> Integer.parseInt(r[1])).max().orElse(-1);
                for (int c = 0; c <= max; c++) {
                    classes.add("class" + c);
                }
            } else {
                rows.stream().map(r -> r[1]).distinct().sorted().forEach(classes::add);
            }
        }
        List<LabelledVideo> videos = new ArrayList<>();
        Path base = csv.toAbsolutePath().getParent();
        for (String[] r : rows) {
            int label = r[1].matches("\\d+") ? Integer.parseInt(r[1]) : classes.indexOf(r[1]);
            if (label < 0 || label >= classes.size()) {
                throw new IllegalArgumentException(csv + " line " + r[2] + ": unknown label '" + r[1] + "'");
            }
            videos.add(new LabelledVideo(base.resolve(r[0]), label));
        }
        if (videos.isEmpty()) {
            throw new IllegalArgumentException(csv + " lists no videos");
        }
        return new VideoIndex(videos, classes);
    }

    private static boolean isVideo(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(n::endsWith);
    }
}
