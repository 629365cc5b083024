package org.t3d.data.transform;

/** Where crops are taken in the resized frame. */
public enum CropMode {
    /** No crop: the whole resized frame. */
    NONE,
    /** One centre crop (testing). */
    CENTER,
    /** One crop at a uniformly random position (training). */
    RANDOM,
    /** One of the 4 corners or the centre, chosen at random (the T3D paper's training crops). */
    RANDOM_FIVE_POSITION,
    /** Three crops along the long side: start, centre, end (testing). */
    THREE_CROP,
    /** The 4 corners and the centre (testing). */
    FIVE_CROP,
    /** The five crops and their horizontal flips (testing). */
    TEN_CROP;

    /** @return whether this mode draws a random position and a random flip (one draw per clip) */
    public boolean isRandom() {
        return this == RANDOM || this == RANDOM_FIVE_POSITION;
    }

    /** @return the number of views a clip yields */
    public int viewCount() {
        return switch (this) {
            case THREE_CROP -> 3;
            case FIVE_CROP -> 5;
            case TEN_CROP -> 10;
            default -> 1;
        };
    }
}
