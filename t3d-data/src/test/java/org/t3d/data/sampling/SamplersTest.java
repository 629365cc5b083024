package org.t3d.data.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SamplersTest {

    @Test
    void loopPaddingRepeatsTheFramesThatExist() {
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0, 1}, LoopPadding.indices(0, 8, 1, 3));
        assertArrayEquals(new int[] {4, 6, 8, 4, 6, 8}, LoopPadding.indices(4, 6, 2, 9));
        assertArrayEquals(new int[] {0, 0, 0}, LoopPadding.indices(0, 3, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> LoopPadding.indices(3, 4, 1, 3));
    }

    @Test
    void randomClipsStayInsideAndAreDeterministicPerSeedEpochAndVideo() {
        RandomClipSampler s = new RandomClipSampler(16, 2);
        Set<Integer> starts = new HashSet<>();
        for (int v = 0; v < 200; v++) {
            int[] a = s.sample(100, Seeds.random(7, 0, v, Seeds.TEMPORAL)).get(0);
            int[] b = s.sample(100, Seeds.random(7, 0, v, Seeds.TEMPORAL)).get(0);
            assertArrayEquals(a, b);
            assertEquals(16, a.length);
            for (int t = 1; t < 16; t++) {
                assertEquals(a[t - 1] + 2, a[t]);
            }
            assertTrue(a[0] >= 0 && a[15] < 100);
            starts.add(a[0]);
        }
        assertTrue(starts.size() > 40, "starts should vary: " + starts.size());
        assertTrue(starts.contains(0) || starts.contains(69), "both ends reachable eventually");
        int[] e0 = s.sample(100, Seeds.random(7, 0, 5, Seeds.TEMPORAL)).get(0);
        int[] e1 = s.sample(100, Seeds.random(7, 1, 5, Seeds.TEMPORAL)).get(0);
        int[] e2 = s.sample(100, Seeds.random(7, 2, 5, Seeds.TEMPORAL)).get(0);
        assertTrue(e0[0] != e1[0] || e1[0] != e2[0], "epochs should draw different clips");
    }

    @Test
    void denseClipsCoverTheVideoWithoutOverlap() {
        List<int[]> clips = new DenseClipSampler(32, 1).sample(100, null);
        assertEquals(4, clips.size());
        Set<Integer> seen = new HashSet<>();
        for (int j = 0; j < 3; j++) {
            for (int k : clips.get(j)) {
                assertTrue(seen.add(k), "overlap at " + k);
            }
        }
        int[] last = clips.get(3);
        assertEquals(96, last[0]);
        assertArrayEquals(new int[] {96, 97, 98, 99, 96, 97, 98, 99}, java.util.Arrays.copyOf(last, 8));
        for (int k = 0; k < 100; k++) {
            boolean covered = false;
            for (int[] c : clips) {
                for (int i : c) {
                    covered |= i == k;
                }
            }
            assertTrue(covered, "frame " + k + " not covered");
        }
        assertEquals(1, new DenseClipSampler(32, 1).sample(32, null).size());
        assertEquals(1, new DenseClipSampler(32, 1).sample(5, null).size());
    }

    @Test
    void uniformAndCentreClips() {
        List<int[]> u = new UniformClipSampler(3, 8, 1).sample(107, null);
        assertEquals(3, u.size());
        // positions = 107 - 8 + 1 = 100 -> starts 16, 50, 83
        assertEquals(16, u.get(0)[0]);
        assertEquals(50, u.get(1)[0]);
        assertEquals(83, u.get(2)[0]);
        assertEquals(46, new CenterClipSampler(8, 1).sample(100, null).get(0)[0]);
        assertArrayEquals(new int[] {0, 1, 0, 1}, new CenterClipSampler(4, 1).sample(2, null).get(0));
    }

    @Test
    void seedsDifferByPurposeAndIndex() {
        assertNotEquals(Seeds.random(1, 0, 0, Seeds.TEMPORAL).nextLong(), Seeds.random(1, 0, 0, Seeds.SPATIAL).nextLong());
        assertNotEquals(Seeds.random(1, 0, 0, 1).nextLong(), Seeds.random(1, 0, 1, 1).nextLong());
        assertEquals(Seeds.random(9, 3, 4, 1).nextLong(), Seeds.random(9, 3, 4, 1).nextLong());
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RandomClipSampler(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new DenseClipSampler(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new UniformClipSampler(0, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new CenterClipSampler(4, 1).sample(0, null));
    }
}
