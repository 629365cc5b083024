package org.t3d.models.io;

import java.util.Arrays;
import java.util.List;

/**
 * What a weight import did: tensors loaded, missing from the file, unexpected in the file, present with the wrong
 * shape, deliberately skipped (the classifier when class counts differ) and ignored ({@code num_batches_tracked}).
 *
 * @param source     file or folder the tensors came from
 * @param loaded     interchange names copied into the model
 * @param missing    names the model needs that the file lacks
 * @param unexpected names in the file the model does not have
 * @param mismatched tensors present with another shape
 * @param skipped    names left at their (re-)initialised values on request
 * @param ignored    names deliberately ignored ({@code *.num_batches_tracked})
 */
public record LoadReport(String source, List<String> loaded, List<String> missing, List<String> unexpected,
        List<Mismatch> mismatched, List<String> skipped, List<String> ignored) {

    /**
     * A tensor whose shape in the file differs from what the model needs (both in interchange layout).
     *
     * @param name     interchange name
     * @param expected shape the model needs
     * @param actual   shape in the file
     */
    public record Mismatch(String name, long[] expected, long[] actual) {
        @Override
        public String toString() {
            return name + ": model " + Arrays.toString(expected) + ", file " + Arrays.toString(actual);
        }
    }

    /** Copies the lists. */
    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
        skipped = List.copyOf(skipped);
        ignored = List.copyOf(ignored);
    }

    /** @return true when nothing was missing, unexpected or mismatched */
    public boolean isClean() {
        return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    /** @return a multi-line human-readable report */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("weights: ").append(source).append('\n');
        sb.append("loaded: ").append(loaded.size()).append(", missing: ").append(missing.size())
                .append(", unexpected: ").append(unexpected.size()).append(", shape mismatches: ")
                .append(mismatched.size()).append(", skipped: ").append(skipped.size()).append(", ignored: ")
                .append(ignored.size()).append('\n');
        missing.forEach(n -> sb.append("  missing    ").append(n).append('\n'));
        unexpected.forEach(n -> sb.append("  unexpected ").append(n).append('\n'));
        mismatched.forEach(m -> sb.append("  mismatch   ").append(m).append('\n'));
        skipped.forEach(n -> sb.append("  skipped    ").append(n).append(" (re-initialised)").append('\n'));
        sb.append(isClean() ? "status: OK" : "status: INCOMPLETE");
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
