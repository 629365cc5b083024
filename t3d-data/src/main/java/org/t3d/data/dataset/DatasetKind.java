package org.t3d.data.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The dataset layouts understood by {@link #load}, as named on the command line. */
public enum DatasetKind {
    /** UCF101 official split files. */
    UCF101,
    /** HMDB51 official split files. */
    HMDB51,
    /** Kinetics CSV. */
    KINETICS,
    /** A folder per class. */
    FOLDER,
    /** {@code path,label[,start,end]} CSV. */
    CSV;

    /**
     * @param s a name such as {@code ucf101} (any case)
     * @return the kind
     */
    public static DatasetKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dataset '" + s + "' (ucf101, hmdb51, kinetics, folder, csv)", e);
        }
    }

    /**
     * Loads an index with the conventional layout of this kind.
     *
     * @param root        dataset root (for {@link #CSV}: the directory paths are relative to)
     * @param split       split number for UCF101/HMDB51 (1..3)
     * @param subset      train / val / test
     * @param annotations annotation file for {@link #KINETICS} (optional) and {@link #CSV} (required; default
     *                    {@code root/<subset>.csv})
     * @return the index
     * @throws IOException if annotations cannot be read
     */
    public DatasetIndex load(Path root, int split, Subset subset, Path annotations) throws IOException {
        return switch (this) {
            case UCF101 -> Ucf101Index.load(root, split, subset);
            case HMDB51 -> Hmdb51Index.load(root, split, subset);
            case KINETICS -> KineticsIndex.load(root, subset, annotations);
            case FOLDER -> FolderIndex.load(root);
            case CSV -> CsvIndex.loadCsv(annotations != null ? annotations
                    : root.resolve(subset.name().toLowerCase(Locale.ROOT) + ".csv"), root, null, true);
        };
    }
}
