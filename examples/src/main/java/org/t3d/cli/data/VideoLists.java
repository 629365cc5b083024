package org.t3d.cli.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.t3d.data.dataset.CsvIndex;
import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.dataset.FolderIndex;
import org.t3d.data.dataset.VideoSample;

/**
 * Turns the command line's {@code --train}, {@code --val}, {@code --data} and {@code VIDEO} arguments into t3d-data
 * {@link DatasetIndex}es: a class-folder directory ({@link FolderIndex}), a {@code path,label[,start,end]} CSV or a
 * {@code <path> <label>} list file ({@link CsvIndex}), or one video file. With the class names of a trained model
 * the labels are those of the model. Every listed video must exist.
 */
public final class VideoLists {

    private VideoLists() {
    }

    /**
     * @param source  class-folder directory, CSV file ({@code .csv}) or list file ({@code .txt}, {@code .lst})
     * @param classes class names of the model (label order), or null to take them from the source
     * @return the index
     * @throws IOException              when the source cannot be read or a line is malformed (the message names
     *                                  the file and line)
     * @throws IllegalArgumentException when the source does not exist, lists missing videos, no videos, or a class the
     *                                  model does not know
     */
    public static DatasetIndex read(Path source, List<String> classes) throws IOException {
        DatasetIndex index;
        if (Files.isDirectory(source)) {
            index = relabel(FolderIndex.load(source), classes, source);
        } else if (Files.isRegularFile(source)) {
            String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
            index = name.endsWith(".txt") || name.endsWith(".lst") ? CsvIndex.loadList(source, null, classes, true)
                    : CsvIndex.loadCsv(source, null, classes, true);
        } else {
            throw new IllegalArgumentException("data set '" + source + "' does not exist (expected a class-folder "
                    + "directory, a CSV of path,label lines or a list of '<path> <label>' lines)");
        }
        if (!index.problems().isEmpty()) {
            throw new IllegalArgumentException(source + ": " + index.problems().size() + " listed video(s) missing, "
                    + "first: " + index.problems().get(0).replaceFirst("^missing video ", ""));
        }
        if (index.size() == 0) {
            throw new IllegalArgumentException("data set '" + source + "' lists no videos");
        }
        return index;
    }

    /**
     * @param video   a video file
     * @param classes class names of the model
     * @return an index holding only this video (id = file name, label 0: unknown)
     * @throws IllegalArgumentException when the file does not exist or is not a regular file
     */
    public static DatasetIndex single(Path video, List<String> classes) {
        if (!Files.exists(video)) {
            throw new IllegalArgumentException("video '" + video + "' does not exist");
        }
        if (!Files.isRegularFile(video)) {
            throw new IllegalArgumentException("'" + video + "' is not a video file");
        }
        return new DatasetIndex("video " + video.getFileName(), classes,
                List.of(VideoSample.of(video.getFileName().toString(), video, 0)), List.of());
    }

    /**
     * @param path a path
     * @return whether it is a regular file with a video extension ({@link FolderIndex#VIDEO_EXTENSIONS})
     */
    public static boolean isVideoFile(Path path) {
        String n = path.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return Files.isRegularFile(path) && dot > 0
                && FolderIndex.VIDEO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * @param index the videos
     * @param times how often each video is listed (at least 1)
     * @return the index with every video listed {@code times} times in a row of whole passes, e.g. for several random
     *         clips per video and epoch (each copy gets its own clip: t3d-data draws clips per index position)
     */
    public static DatasetIndex repeat(DatasetIndex index, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("clips per video must be >= 1, got " + times);
        }
        if (times == 1) {
            return index;
        }
        List<VideoSample> samples = new ArrayList<>(index.size() * times);
        for (int k = 0; k < times; k++) {
            samples.addAll(index.samples());
        }
        return new DatasetIndex(index.name() + " x" + times, index.classes(), samples, index.problems());
    }

    /** Maps a folder index's labels onto the model's class list. */
    private static DatasetIndex relabel(DatasetIndex folder, List<String> classes, Path root) {
        if (classes == null || classes.equals(folder.classes())) {
            return folder;
        }
        List<VideoSample> samples = new ArrayList<>(folder.size());
        for (VideoSample s : folder.samples()) {
            String name = folder.classes().get(s.label());
            int label = classes.indexOf(name);
            if (label < 0) {
                throw new IllegalArgumentException("class folder '" + name + "' in " + root + " is not one of the "
                        + classes.size() + " classes of the model");
            }
            samples.add(new VideoSample(s.id(), s.path(), label, s.startSeconds(), s.endSeconds()));
        }
        return new DatasetIndex(folder.name(), classes, samples, folder.problems());
    }
}
