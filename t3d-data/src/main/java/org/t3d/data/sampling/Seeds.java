package org.t3d.data.sampling;

import java.util.SplittableRandom;

/**
 * Deterministic random streams derived from (seed, epoch, video index, purpose), so sampling and augmentation do not
 * depend on the order in which worker threads run.
 */
public final class Seeds {
    /** Purpose: temporal sampling. */
    public static final int TEMPORAL = 1;
    /** Purpose: spatial transform. */
    public static final int SPATIAL = 2;
    /** Purpose: epoch-level shuffling. */
    public static final int SHUFFLE = 3;
    /** Purpose: pair sampling for transfer learning. */
    public static final int PAIRS = 4;

    private Seeds() {
    }

    /**
     * @param seed    the run's seed
     * @param epoch   epoch number
     * @param index   video (or work item) index
     * @param purpose one of the purpose constants (or any int)
     * @return a fresh random stream
     */
    public static SplittableRandom random(long seed, int epoch, long index, int purpose) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ (epoch * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
        h = mix(h ^ (index * 0xD6E8FEB86659FD93L + 0x27D4EB2F165667C5L));
        h = mix(h ^ (purpose * 0x94D049BB133111EBL));
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
