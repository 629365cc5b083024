package org.t3d.cli.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV and class-folder video lists. */
class VideoIndexTest {

    @Test
    void csvWithNamesAndFolders(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("list.csv"), "# comment\nvideos/b/1.avi,walk\nvideos/a/2.avi,run\r\n");
        VideoIndex csv = VideoIndex.read(tmp.resolve("list.csv"), null);
        assertEquals(List.of("run", "walk"), csv.classes());
        assertEquals(1, csv.videos().get(0).label());
        assertEquals(tmp.resolve("videos/b/1.avi"), csv.videos().get(0).path());

        Files.createDirectories(tmp.resolve("f/walk"));
        Files.createDirectories(tmp.resolve("f/run"));
        Files.writeString(tmp.resolve("f/walk/x.mp4"), "");
        Files.writeString(tmp.resolve("f/run/y.avi"), "");
        Files.writeString(tmp.resolve("f/run/notes.txt"), "");
        VideoIndex folders = VideoIndex.read(tmp.resolve("f"), null);
        assertEquals(List.of("run", "walk"), folders.classes());
        assertEquals(2, folders.videos().size());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoIndex.read(tmp.resolve("list.csv"), List.of("jump")));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VideoIndex.read(tmp.resolve("missing"), null));
    }
}
