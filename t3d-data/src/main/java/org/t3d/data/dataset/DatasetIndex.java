package org.t3d.data.dataset;

import java.util.List;
import java.util.Objects;

/**
 * The videos of one split of a dataset.
 *
 * @param name     description, e.g. {@code "ucf101 split 1 train"}
 * @param classes  class names; label {@code i} is {@code classes.get(i)}
 * @param samples  the videos, in file order
 * @param problems lines or files that were skipped, one human-readable message each (missing clips, bad lines)
 */
public record DatasetIndex(String name, List<String> classes, List<VideoSample> samples, List<String> problems) {

    /** Validates labels against the class list and copies the lists. */
    public DatasetIndex {
        Objects.requireNonNull(name, "name");
        classes = List.copyOf(classes);
        samples = List.copyOf(samples);
        problems = List.copyOf(problems);
        for (VideoSample s : samples) {
            if (s.label() >= classes.size()) {
                throw new IllegalArgumentException(name + ": label " + s.label() + " of " + s.id() + " >= "
                        + classes.size() + " classes");
            }
        }
    }

    /** @return the number of videos */
    public int size() {
        return samples.size();
    }

    /** @return the number of classes */
    public int numClasses() {
        return classes.size();
    }
}
