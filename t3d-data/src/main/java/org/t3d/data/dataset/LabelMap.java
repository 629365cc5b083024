package org.t3d.data.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads class-name lists: one name per line (0-based by line order, e.g. mmaction2's {@code label_map.txt}) or
 * {@code <id> <name>} lines, 0- or 1-based (UCF101's {@code classInd.txt}, PaddleVideo's label lists).
 */
public final class LabelMap {
    private LabelMap() {
    }

    /**
     * @param file the label file
     * @return class names in label order (label {@code i} is element {@code i})
     * @throws IOException if unreadable or inconsistent (ids with gaps or duplicates)
     */
    public static List<String> read(Path file) throws IOException {
        List<TextLines.Line> lines = TextLines.read(file);
        boolean numbered = !lines.isEmpty();
        for (TextLines.Line l : lines) {
            String[] parts = l.text().split("\\s+", 2);
            if (parts.length < 2 || !parts[0].matches("\\d+")) {
                numbered = false;
                break;
            }
        }
        List<String> names = new ArrayList<>(lines.size());
        if (!numbered) {
            for (TextLines.Line l : lines) {
                names.add(l.text());
            }
            return names;
        }
        int base = Integer.MAX_VALUE;
        for (TextLines.Line l : lines) {
            base = Math.min(base, Integer.parseInt(l.text().split("\\s+", 2)[0]));
        }
        if (base > 1) {
            throw new IOException(file + ": ids start at " + base + ", expected 0 or 1");
        }
        String[] byId = new String[lines.size()];
        for (TextLines.Line l : lines) {
            String[] parts = l.text().split("\\s+", 2);
            int id = Integer.parseInt(parts[0]) - base;
            if (id >= byId.length || byId[id] != null) {
                throw new IOException(file + ":" + l.number() + ": id " + parts[0] + " duplicated or out of range");
            }
            byId[id] = parts[1].strip();
        }
        return List.of(byId);
    }
}
