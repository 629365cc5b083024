package org.t3d.cli.data;

import org.t3d.data.transform.CropMode;

/** The spatial test protocols of {@code --crops}: one centre crop, or three crops along the long side. */
public enum TestCrops {
    /** One centre crop ({@code --crops 1}, the paper's protocol). */
    CENTRE(1, CropMode.CENTER, "centre", "1 centre crop"),
    /** Start, centre and end of the long side, centred on the short side ({@code --crops 3}). */
    THREE(3, CropMode.THREE_CROP, "3 long-side (start, centre, end)", "3 crops along the long side");

    private final int count;
    private final CropMode cropMode;
    private final String description;
    private final String label;

    TestCrops(int count, CropMode cropMode, String description, String label) {
        this.count = count;
        this.cropMode = cropMode;
        this.description = description;
        this.label = label;
    }

    /**
     * @param crops the {@code --crops} value
     * @return the protocol
     * @throws IllegalArgumentException for anything but 1 or 3
     */
    public static TestCrops of(int crops) {
        for (TestCrops c : values()) {
            if (c.count == crops) {
                return c;
            }
        }
        throw new IllegalArgumentException("--crops must be 1 (centre) or 3 (three crops along the long side), got "
                + crops);
    }

    /** @return crops per clip */
    public int count() {
        return count;
    }

    /** @return t3d-data's crop mode */
    public CropMode cropMode() {
        return cropMode;
    }

    /** @return e.g. {@code "centre"}, as stated in evaluation reports ({@code "<size> <description> crop(s)"}) */
    public String description() {
        return description;
    }

    /** @return e.g. {@code "3 crops along the long side"}, for messages */
    public String label() {
        return label;
    }
}
