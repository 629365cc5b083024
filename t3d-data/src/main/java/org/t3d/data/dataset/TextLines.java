package org.t3d.data.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads annotation text files: UTF-8, BOM dropped, CRLF or LF, trailing blanks trimmed, blank lines skipped. */
final class TextLines {
    private TextLines() {
    }

    /** A non-blank line and its 1-based line number. */
    record Line(int number, String text) {
    }

    static List<Line> read(Path file) throws IOException {
        String all = Files.readString(file, StandardCharsets.UTF_8);
        if (!all.isEmpty() && all.charAt(0) == '\uFEFF') {
            all = all.substring(1);
        }
        List<Line> out = new ArrayList<>();
        String[] lines = all.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (!t.isEmpty()) {
                out.add(new Line(i + 1, t));
            }
        }
        return out;
    }

    /** Splits a CSV line, honouring double quotes ({@code ""} is an escaped quote). */
    static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(cur.toString().strip());
        return cells;
    }
}
