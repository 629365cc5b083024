package org.t3d.transfer.inflate;

import java.util.List;
import java.util.Objects;

/**
 * What an inflation did.
 *
 * @param inflated   2D convolutions repeated over the temporal depth and divided by it
 * @param copied     tensors copied unchanged (BN tensors; the classifier when its shape matches)
 * @param leftRandom parameters of the 3D model that kept their random initialisation (TTL branches, classifier of
 *                   another class count, layers whose shapes differ from the 2D network's)
 * @param unused     2D tensors that found no place in the 3D model (e.g. transitions replaced by TTLs, an ImageNet
 *                   classifier)
 */
public record InflationReport(List<Item> inflated, List<Item> copied, List<Item> leftRandom, List<Item> unused) {

    /**
     * One line of the report.
     *
     * @param name   interchange name (or DL4J {@code vertex/param} when the tensor has no interchange name here)
     * @param detail shapes or the reason
     */
    public record Item(String name, String detail) {
        /** Validates the fields. */
        public Item {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return name + " (" + detail + ")";
        }
    }

    /** Copies the lists. */
    public InflationReport {
        inflated = List.copyOf(inflated);
        copied = List.copyOf(copied);
        leftRandom = List.copyOf(leftRandom);
        unused = List.copyOf(unused);
    }

    /** @return a multi-line human-readable report */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        section(sb, "inflated (2D kernel repeated over kT, divided by kT)", inflated);
        section(sb, "copied", copied);
        section(sb, "left random", leftRandom);
        section(sb, "2D tensors not used", unused);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<Item> items) {
        sb.append(title).append(": ").append(items.size()).append('\n');
        for (Item i : items) {
            sb.append("  ").append(i).append('\n');
        }
    }

    @Override
    public String toString() {
        return "InflationReport[inflated=" + inflated.size() + ", copied=" + copied.size() + ", leftRandom="
                + leftRandom.size() + ", unused=" + unused.size() + "]";
    }
}
