package org.t3d.data.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Locates the shared read-only fixtures ({@code ../shared/fixtures} from the project root); tests skip without them. */
public final class Fixtures {
    private Fixtures() {
    }

    /** @return the fixtures directory, or {@code null} when absent */
    public static Path rootOrNull() {
        for (Path p : List.of(Path.of("..", "shared", "fixtures"), Path.of("..", "..", "shared", "fixtures"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * @param sub sub-directory ({@code videos}, {@code bad}, {@code annotations})
     * @return the directory; the calling test is skipped when it is absent
     */
    public static Path dir(String sub) {
        Path root = rootOrNull();
        assumeTrue(root != null, "shared fixtures not found at ../shared/fixtures or ../../shared/fixtures: skipped");
        Path d = root.resolve(sub);
        assumeTrue(Files.isDirectory(d), "fixture folder " + d + " absent: skipped");
        return d;
    }

    /**
     * @param sub sub-directory
     * @return its regular files, sorted
     * @throws IOException on listing failure
     */
    public static List<Path> files(String sub) throws IOException {
        try (Stream<Path> s = Files.list(dir(sub))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Reads the "frames" column of the video tables in the fixtures README (true decoded counts).
     *
     * @return file name to frame count
     * @throws IOException if the README cannot be read
     */
    public static Map<String, Integer> trueFrameCounts() throws IOException {
        Path readme = dir("videos").getParent().resolve("README.md");
        assumeTrue(Files.isRegularFile(readme), "fixtures README absent: skipped");
        Map<String, Integer> out = new HashMap<>();
        int framesCol = -1;
        for (String line : Files.readAllLines(readme)) {
            if (!line.startsWith("|")) {
                framesCol = -1;
                continue;
            }
            String[] cells = line.split("\\|", -1);
            if (cells.length > 1 && cells[1].trim().equals("file")) {
                framesCol = -1;
                for (int i = 0; i < cells.length; i++) {
                    if (cells[i].trim().equals("frames")) {
                        framesCol = i;
                    }
                }
                continue;
            }
            if (framesCol > 0 && cells.length > framesCol && cells[1].trim().startsWith("`")) {
                String name = cells[1].trim().replace("`", "");
                String frames = cells[framesCol].trim();
                if (frames.matches("\\d+")) {
                    out.put(name, Integer.parseInt(frames));
                }
            }
        }
        return out;
    }
}
