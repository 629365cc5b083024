package org.t3d.data.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * UCF101 from its official split files: {@code classInd.txt} ({@code <1-based id> <Class>}) and
 * {@code trainlist0N.txt} ({@code <Class>/<video>.avi <1-based label>}) or {@code testlist0N.txt}
 * ({@code <Class>/<video>.avi}, label from the class folder), N = 1..3. CRLF line ends are fine; labels become
 * 0-based. Class lookup ignores case (the official lists spell {@code HandstandPushups} both ways).
 */
public final class Ucf101Index {
    private Ucf101Index() {
    }

    /**
     * Loads a split from a dataset root laid out as downloaded: split files in {@code root/ucfTrainTestlist} (or
     * {@code root}), videos in {@code root/UCF-101} (or {@code root}).
     *
     * @param root   dataset root
     * @param split  1, 2 or 3
     * @param subset {@link Subset#TRAIN} or {@link Subset#TEST}
     * @return the index; missing videos are listed in {@code problems} and skipped
     * @throws IOException if the split files cannot be read
     */
    public static DatasetIndex load(Path root, int split, Subset subset) throws IOException {
        Path ann = firstDir(root, "ucfTrainTestlist", "annotations");
        Path videos = firstDir(root, "UCF-101", "videos");
        if (split < 1 || split > 3) {
            throw new IllegalArgumentException("UCF101 split must be 1, 2 or 3, got " + split);
        }
        String list = switch (subset) {
            case TRAIN -> "trainlist0" + split + ".txt";
            case TEST -> "testlist0" + split + ".txt";
            case VAL -> throw new IllegalArgumentException("UCF101 has train and test lists only");
        };
        return parse(ann.resolve("classInd.txt"), ann.resolve(list), videos, true,
                "ucf101 split " + split + " " + subset.name().toLowerCase(Locale.ROOT));
    }

    static Path firstDir(Path root, String... names) {
        for (String n : names) {
            Path p = root.resolve(n);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return root;
    }

    /**
     * Parses a class index and one list file.
     *
     * @param classInd   {@code classInd.txt}
     * @param listFile   a train or test list (train lists carry a 1-based label column, test lists do not)
     * @param videoDir   directory the list's relative paths resolve against
     * @param checkFiles whether to skip (and report) videos that do not exist
     * @param name       index name
     * @return the index
     * @throws IOException if a file cannot be read or a label is inconsistent with classInd
     */
    public static DatasetIndex parse(Path classInd, Path listFile, Path videoDir, boolean checkFiles, String name)
            throws IOException {
        List<String> classes = LabelMap.read(classInd);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            byName.put(classes.get(i).toLowerCase(Locale.ROOT), i);
        }
        List<VideoSample> samples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TextLines.Line line : TextLines.read(listFile)) {
            String[] parts = line.text().split("\\s+");
            String rel = parts[0].replace('\\', '/');
            int slash = rel.indexOf('/');
            Integer fromFolder = slash > 0 ? byName.get(rel.substring(0, slash).toLowerCase(Locale.ROOT)) : null;
            int label;
            if (parts.length >= 2) {
                int oneBased;
                try {
                    oneBased = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IOException(listFile + ":" + line.number() + ": bad label '" + parts[1] + "'", e);
                }
                if (oneBased < 1 || oneBased > classes.size()) {
                    throw new IOException(listFile + ":" + line.number() + ": label " + oneBased + " outside 1.."
                            + classes.size());
                }
                label = oneBased - 1;
                if (fromFolder != null && fromFolder != label) {
                    throw new IOException(listFile + ":" + line.number() + ": label " + oneBased + " ("
                            + classes.get(label) + ") disagrees with the folder of " + rel);
                }
            } else if (fromFolder != null) {
                label = fromFolder;
            } else {
                throw new IOException(listFile + ":" + line.number() + ": no label and unknown class folder in '"
                        + rel + "'");
            }
            Path path = videoDir.resolve(rel);
            if (checkFiles && !Files.isRegularFile(path)) {
                problems.add("missing video " + path + " (" + listFile.getFileName() + ":" + line.number() + ")");
                continue;
            }
            samples.add(VideoSample.of(rel, path, label));
        }
        return new DatasetIndex(name, classes, samples, problems);
    }
}
