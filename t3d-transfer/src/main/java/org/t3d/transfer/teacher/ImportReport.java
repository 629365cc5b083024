package org.t3d.transfer.teacher;

import java.util.List;

/**
 * What a weight import did.
 *
 * @param loaded     state-dict keys copied into the network
 * @param missing    keys the network needs that the state dict lacks (those parameters keep their values)
 * @param unexpected keys of the state dict the network has no place for (e.g. {@code classifier.*} for a teacher
 *                   without classifier)
 * @param ignored    keys skipped on purpose ({@code *.num_batches_tracked})
 */
public record ImportReport(List<String> loaded, List<String> missing, List<String> unexpected, List<String> ignored) {

    /** Copies the lists. */
    public ImportReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        ignored = List.copyOf(ignored);
    }

    /** @return true when nothing the network needs was missing */
    public boolean complete() {
        return missing.isEmpty();
    }

    @Override
    public String toString() {
        return "ImportReport[loaded=" + loaded.size() + ", missing=" + missing + ", unexpected=" + unexpected
                + ", ignored=" + ignored.size() + "]";
    }
}
