package org.t3d.data.dataset;

import java.util.Locale;

/** Which part of a split to index. */
public enum Subset {
    /** Training videos. */
    TRAIN,
    /** Validation videos (Kinetics, CSV). */
    VAL,
    /** Test videos. */
    TEST;

    /**
     * @param s {@code train}, {@code val}/{@code validate}/{@code validation} or {@code test} (any case)
     * @return the subset
     */
    public static Subset parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "train", "training" -> TRAIN;
            case "val", "valid", "validate", "validation" -> VAL;
            case "test", "testing" -> TEST;
            default -> throw new IllegalArgumentException("unknown subset '" + s + "' (train, val or test)");
        };
    }
}
