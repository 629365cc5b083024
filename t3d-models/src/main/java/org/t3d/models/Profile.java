package org.t3d.models;

import java.util.List;
import java.util.Locale;

import org.t3d.core.blocks.Dims3;

/**
 * The two named knob sets of the spec (§P.1). A profile only sets the knobs where the paper and the official
 * code disagree; every other knob is the same, and every knob stays individually configurable.
 *
 * <table>
 * <caption>knobs set by a profile</caption>
 * <tr><th>knob</th><th>PAPER (default)</th><th>OFFICIAL</th></tr>
 * <tr><td>stem max-pool stride (T,H,W)</td><td>(1,2,2)</td><td>(2,2,2)</td></tr>
 * <tr><td>TTL temporal depths</td><td>{1,3,6},{1,3,4},{1,3,4}</td><td>{1,3,4} ×3</td></tr>
 * </table>
 */
public enum Profile {
    /** The paper's Table 1 as reconstructed in the spec: stem pool stride (1,2,2), TTL {1,3,6},{1,3,4},{1,3,4}. */
    PAPER(Dims3.of(1, 2, 2), List.of(1, 3, 6), List.of(1, 3, 4)),
    /** The official code: stem pool stride (2,2,2), TTL {1,3,4} everywhere. */
    OFFICIAL(Dims3.cube(2), List.of(1, 3, 4), List.of(1, 3, 4));

    private final Dims3 stemPoolStride;
    private final List<Integer> firstTtlDepths;
    private final List<Integer> laterTtlDepths;

    Profile(Dims3 stemPoolStride, List<Integer> firstTtlDepths, List<Integer> laterTtlDepths) {
        this.stemPoolStride = stemPoolStride;
        this.firstTtlDepths = firstTtlDepths;
        this.laterTtlDepths = laterTtlDepths;
    }

    /** @return the stem max-pool stride (T, H, W) */
    public Dims3 stemPoolStride() {
        return stemPoolStride;
    }

    /**
     * @param transitions number of TTLs (number of dense blocks − 1)
     * @return the TTL temporal depths of this profile, one list per TTL
     */
    public List<List<Integer>> ttlDepths(int transitions) {
        List<List<Integer>> out = new java.util.ArrayList<>();
        for (int t = 0; t < transitions; t++) {
            out.add(t == 0 ? firstTtlDepths : laterTtlDepths);
        }
        return List.copyOf(out);
    }

    /** @return the lower-case id used on the command line and in JSON ({@code paper}, {@code official}) */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code paper} or {@code official} (case-insensitive; {@code official-code} is accepted)
     * @return the profile
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Profile parse(String id) {
        String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "paper":
                return PAPER;
            case "official":
            case "official-code":
                return OFFICIAL;
            default:
                throw new IllegalArgumentException("unknown profile '" + id + "', expected 'paper' or 'official'");
        }
    }
}
