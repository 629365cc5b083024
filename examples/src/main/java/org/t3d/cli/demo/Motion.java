package org.t3d.cli.demo;

/** The demo's classes: a textured square translating in one of four directions (with wrap-around). */
public enum Motion {
    /** Moving left. */
    LEFT(-1, 0),
    /** Moving right. */
    RIGHT(1, 0),
    /** Moving up. */
    UP(0, -1),
    /** Moving down. */
    DOWN(0, 1);

    private final int dx;
    private final int dy;

    Motion(int dx, int dy) {
        this.dx = dx;
        this.dy = dy;
    }

    /** @return horizontal direction (−1, 0, 1) */
    public int dx() {
        return dx;
    }

    /** @return vertical direction (−1, 0, 1; down is positive) */
    public int dy() {
        return dy;
    }

    /** @return the class name used in file names and reports */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
