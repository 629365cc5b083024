package org.t3d.data.dataset;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HMDB51 from its official split files {@code <class>_test_split<N>.txt} (lines {@code <video>.avi <id>}: 1 = train,
 * 2 = test, 0 = unused). Classes are the alphabetically sorted class names of the split files (brush_hair = 0 ...
 * wave = 50, the order of mmaction2's label map); videos are {@code <videoDir>/<class>/<video>.avi}.
 */
public final class Hmdb51Index {
    private static final Pattern SPLIT_FILE = Pattern.compile("(.+)_test_split([123])\\.txt");

    private Hmdb51Index() {
    }

    /**
     * Loads a split from a dataset root: split files in {@code root/testTrainMulti_7030_splits} (or {@code root/splits},
     * or {@code root}), videos in {@code root/hmdb51_org} (or {@code root/videos}, or {@code root}).
     *
     * @param root   dataset root
     * @param split  1, 2 or 3
     * @param subset {@link Subset#TRAIN} or {@link Subset#TEST}
     * @return the index
     * @throws IOException if the split files cannot be read
     */
    public static DatasetIndex load(Path root, int split, Subset subset) throws IOException {
        Path ann = Ucf101Index.firstDir(root, "testTrainMulti_7030_splits", "splits");
        Path videos = Ucf101Index.firstDir(root, "hmdb51_org", "videos");
        return parse(ann, videos, split, subset, true);
    }

    /**
     * @param splitDir   directory with the {@code <class>_test_split<N>.txt} files
     * @param videoDir   directory with one folder per class
     * @param split      1, 2 or 3
     * @param subset     {@link Subset#TRAIN} (id 1) or {@link Subset#TEST} (id 2)
     * @param checkFiles whether to skip (and report) videos that do not exist
     * @return the index
     * @throws IOException if no split file is found or a line is malformed
     */
    public static DatasetIndex parse(Path splitDir, Path videoDir, int split, Subset subset, boolean checkFiles)
            throws IOException {
        if (split < 1 || split > 3) {
            throw new IllegalArgumentException("HMDB51 split must be 1, 2 or 3, got " + split);
        }
        String wanted = switch (subset) {
            case TRAIN -> "1";
            case TEST -> "2";
            case VAL -> throw new IllegalArgumentException("HMDB51 has train (1) and test (2) ids only");
        };
        TreeMap<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(splitDir)) {
            for (Path p : ds) {
                Matcher m = SPLIT_FILE.matcher(p.getFileName().toString());
                if (m.matches() && m.group(2).equals(Integer.toString(split))) {
                    files.put(m.group(1), p);
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException(splitDir + ": no <class>_test_split" + split + ".txt files");
        }
        List<String> classes = new ArrayList<>(files.keySet());
        List<VideoSample> samples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int label = 0;
        for (var e : files.entrySet()) {
            for (TextLines.Line line : TextLines.read(e.getValue())) {
                String[] parts = line.text().split("\\s+");
                if (parts.length != 2 || !parts[1].matches("[012]")) {
                    throw new IOException(e.getValue() + ":" + line.number() + ": expected '<video> <0|1|2>', got '"
                            + line.text() + "'");
                }
                if (!parts[1].equals(wanted)) {
                    continue;
                }
                String rel = e.getKey() + "/" + parts[0];
                Path path = videoDir.resolve(e.getKey()).resolve(parts[0]);
                if (checkFiles && !Files.isRegularFile(path)) {
                    problems.add("missing video " + path);
                    continue;
                }
                samples.add(VideoSample.of(rel, path, label));
            }
            label++;
        }
        return new DatasetIndex("hmdb51 split " + split + " " + subset.name().toLowerCase(Locale.ROOT), classes,
                samples, problems);
    }
}
