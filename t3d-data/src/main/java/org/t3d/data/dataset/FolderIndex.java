package org.t3d.data.dataset;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A folder per class: {@code root/<class>/<video>}. Classes are the sub-folder names in sorted order; videos are the
 * regular files with a video extension, sorted by name.
 */
public final class FolderIndex {
    /** File extensions treated as videos (lower case, without the dot). */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "avi", "mkv", "webm", "mov", "m4v", "mpg",
            "mpeg", "flv", "wmv", "3gp", "ogv", "ts");

    private FolderIndex() {
    }

    /**
     * @param root the dataset folder
     * @return the index
     * @throws IOException if the folder cannot be listed or has no class folders
     */
    public static DatasetIndex load(Path root) throws IOException {
        List<Path> classDirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, Files::isDirectory)) {
            ds.forEach(classDirs::add);
        }
        classDirs.sort(null);
        if (classDirs.isEmpty()) {
            throw new IOException(root + ": no class folders");
        }
        List<String> classes = new ArrayList<>();
        List<VideoSample> samples = new ArrayList<>();
        for (int label = 0; label < classDirs.size(); label++) {
            Path dir = classDirs.get(label);
            String cls = dir.getFileName().toString();
            classes.add(cls);
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, FolderIndex::isVideoFile)) {
                ds.forEach(files::add);
            }
            files.sort(null);
            for (Path f : files) {
                samples.add(VideoSample.of(cls + "/" + f.getFileName(), f, label));
            }
        }
        return new DatasetIndex("folder " + root.getFileName(), classes, samples, List.of());
    }

    static boolean isVideoFile(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT))
                && !Files.isDirectory(p);
    }
}
