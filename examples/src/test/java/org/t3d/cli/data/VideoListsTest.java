package org.t3d.cli.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.dataset.VideoSample;

/** Video lists from command-line paths: class folders, CSV and list files, the model's class order. */
class VideoListsTest {

    @Test
    void foldersCsvAndListFilesWithTheModelsClasses(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("f/walk"));
        Files.createDirectories(tmp.resolve("f/run"));
        Files.writeString(tmp.resolve("f/walk/x.mp4"), "");
        Files.writeString(tmp.resolve("f/run/y.avi"), "");
        Files.writeString(tmp.resolve("f/run/notes.txt"), "");
        DatasetIndex folders = VideoLists.read(tmp.resolve("f"), null);
        assertEquals(List.of("run", "walk"), folders.classes());
        assertEquals(List.of("run/y.avi", "walk/x.mp4"), folders.samples().stream().map(VideoSample::id).toList());
        DatasetIndex relabelled = VideoLists.read(tmp.resolve("f"), List.of("walk", "jump", "run"));
        assertEquals(List.of("walk", "jump", "run"), relabelled.classes());
        assertEquals(List.of(2, 0), relabelled.samples().stream().map(VideoSample::label).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoLists.read(tmp.resolve("f"), List.of("walk")));
        assertTrue(e.getMessage().contains("class folder 'run'"), e.getMessage());

        Files.writeString(tmp.resolve("list.csv"), "path,label\nf/walk/x.mp4,walk\nf/run/y.avi,run\r\n");
        DatasetIndex csv = VideoLists.read(tmp.resolve("list.csv"), List.of("walk", "run"));
        assertEquals(List.of(0, 1), csv.samples().stream().map(VideoSample::label).toList());
        assertEquals(tmp.resolve("f/walk/x.mp4"), csv.samples().get(0).path());
        Files.writeString(tmp.resolve("list.txt"), "f/walk/x.mp4 1\nf/run/y.avi 0\n");
        assertEquals(List.of(1, 0), VideoLists.read(tmp.resolve("list.txt"), List.of("run", "walk")).samples()
                .stream().map(VideoSample::label).toList());

        Files.writeString(tmp.resolve("bad.csv"), "f/walk/x.mp4,swim\n");
        IOException io = assertThrows(IOException.class, () -> VideoLists.read(tmp.resolve("bad.csv"),
                List.of("walk", "run")));
        assertTrue(io.getMessage().contains("unknown label 'swim'"), io.getMessage());
        Files.writeString(tmp.resolve("gone.csv"), "f/walk/x.mp4,walk\nf/walk/gone.mp4,walk\n");
        e = assertThrows(IllegalArgumentException.class, () -> VideoLists.read(tmp.resolve("gone.csv"), null));
        assertTrue(e.getMessage().contains("1 listed video(s) missing") && e.getMessage().contains("gone.mp4"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VideoLists.read(tmp.resolve("nothing"), null));
        assertTrue(e.getMessage().contains("'" + tmp.resolve("nothing") + "' does not exist"), e.getMessage());
    }

    @Test
    void singleVideosAndRepeats(@TempDir Path tmp) throws Exception {
        Path v = Files.writeString(tmp.resolve("a.mp4"), "");
        DatasetIndex one = VideoLists.single(v, List.of("x", "y"));
        assertEquals(1, one.size());
        assertEquals("a.mp4", one.samples().get(0).id());
        assertTrue(VideoLists.isVideoFile(v));
        assertTrue(!VideoLists.isVideoFile(tmp));
        assertThrows(IllegalArgumentException.class, () -> VideoLists.single(tmp.resolve("b.mp4"), List.of("x")));
        assertThrows(IllegalArgumentException.class, () -> VideoLists.single(tmp, List.of("x")));
        DatasetIndex three = VideoLists.repeat(one, 3);
        assertEquals(3, three.size());
        assertEquals(one.samples().get(0), three.samples().get(2));
        assertThrows(IllegalArgumentException.class, () -> VideoLists.repeat(one, 0));
    }
}
