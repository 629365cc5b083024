package org.t3d.transfer.pairs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Unlabelled videos for supervision transfer: every video file under a folder, or the paths listed in a text file.
 * No labels are needed.
 */
public final class VideoList {

    /** File extensions taken from a folder (lower case). */
    public static final Set<String> EXTENSIONS = Set.of("mp4", "avi", "mkv", "webm", "mov", "m4v", "mpg", "mpeg",
            "flv", "wmv", "ogv");

    private VideoList() {
    }

    /**
     * Lists the videos of a folder (recursively, by extension) or of a list file (one path per line, relative paths
     * resolved against the list's folder; blank lines and lines starting with {@code #} skipped; anything after the
     * first whitespace ignored, so mmaction-style "path label" lists work).
     *
     * @param source a folder or a list file
     * @return the videos, sorted (folder) or in list order (file)
     * @throws IOException when the source cannot be read or holds no video
     */
    public static List<Path> of(Path source) throws IOException {
        List<Path> out;
        if (Files.isDirectory(source)) {
            try (Stream<Path> s = Files.walk(source)) {
                out = s.filter(Files::isRegularFile).filter(VideoList::isVideo).sorted().toList();
            }
        } else if (Files.isRegularFile(source)) {
            Path base = source.toAbsolutePath().getParent();
            out = Files.readAllLines(source).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.split("\\s+")[0])
                    .map(l -> base.resolve(l).normalize())
                    .toList();
        } else {
            throw new IOException("videos: '" + source + "' is neither a folder nor a list file");
        }
        if (out.isEmpty()) {
            throw new IOException("videos: no video found in '" + source + "' (extensions " + EXTENSIONS + ")");
        }
        return out;
    }

    private static boolean isVideo(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
