package org.t3d.data.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class FrameIndexTest {

    private static void assertRoundTrip(long[] pts, boolean[] keys) {
        FrameIndex idx = FrameIndex.of(pts, keys);
        assertEquals(pts.length, idx.count());
        for (int i = 0; i < pts.length; i++) {
            assertEquals(pts[i], idx.ptsMicros(i), "frame " + i);
            assertEquals(keys[i], idx.isKeyFrame(i));
        }
    }

    @Test
    void constantRateTimestampsRoundTrip() {
        int n = 9000;
        long[] pts = new long[n];
        boolean[] keys = new boolean[n];
        for (int i = 0; i < n; i++) {
            pts[i] = 1000000L * i * 1001 / 30000; // 29.97 fps, truncated like JavaCV
            keys[i] = i % 250 == 0;
        }
        assertRoundTrip(pts, keys);
        FrameIndex idx = FrameIndex.of(pts, keys);
        assertEquals(500, idx.keyFrameAtOrBefore(749));
        assertEquals(750, idx.keyFrameAtOrBefore(750));
        assertEquals(1234, idx.positionOf(pts[1234]));
        assertEquals(-1, idx.positionOf(pts[1234] + 1));
    }

    @Test
    void aviStyleBogusLastTimestampAndOffsetStart() {
        long[] pts = new long[164];
        boolean[] keys = new boolean[164];
        for (int i = 0; i < 163; i++) {
            pts[i] = 40000L * (i + 1);
        }
        pts[163] = 0; // the bogus last timestamp measured on AVI files
        keys[0] = true;
        assertRoundTrip(pts, keys);
        FrameIndex idx = FrameIndex.of(pts, keys);
        assertEquals(163, idx.positionOf(0));
        assertEquals(0, idx.keyFrameAtOrBefore(100));
    }

    @Test
    void irregularTimestampsAndDuplicates() {
        Random r = new Random(3);
        long[] pts = new long[500];
        boolean[] keys = new boolean[500];
        long t = 0;
        for (int i = 0; i < pts.length; i++) {
            t += 10000 + r.nextInt(90000);
            pts[i] = t;
            keys[i] = r.nextInt(30) == 0;
        }
        pts[10] = pts[11]; // duplicate timestamp: ambiguous
        assertRoundTrip(pts, keys);
        FrameIndex idx = FrameIndex.of(pts, keys);
        assertEquals(-1, idx.positionOf(pts[10]));
        assertEquals(200, idx.positionOf(pts[200]));
    }

    @Test
    void keyFrameBeforeTheFirstKeyFrameIsZero() {
        FrameIndex idx = FrameIndex.of(new long[] {0, 1, 2, 3}, new boolean[] {false, false, true, false});
        assertEquals(0, idx.keyFrameAtOrBefore(1));
        assertEquals(2, idx.keyFrameAtOrBefore(3));
        assertFalse(idx.isKeyFrame(0));
        assertTrue(idx.isKeyFrame(2));
    }

    @Test
    void seekPlannerSeeksOnlyWhenItSkipsEnough() {
        assertFalse(SeekPlanner.shouldSeek(-1, 10, 0, 24));
        assertFalse(SeekPlanner.shouldSeek(-1, 100, 20, 24));
        assertTrue(SeekPlanner.shouldSeek(-1, 100, 60, 24));
        assertTrue(SeekPlanner.shouldSeek(50, 10, 0, 24), "going back needs a seek or a restart");
        assertFalse(SeekPlanner.shouldSeek(10, 300, 250, Integer.MAX_VALUE));
    }

    @Test
    void integrityRules() {
        assertFalse(DecodeIntegrity.assess(200, 200, 203).partial(), "AVI header off by 3 is not truncation");
        assertTrue(DecodeIntegrity.assess(49, 50, 50).partial(), "a packet that did not decode");
        assertTrue(DecodeIntegrity.assess(77, 77, 164).partial(), "truncated AVI");
        assertFalse(DecodeIntegrity.assess(310, 310, -1).partial());
    }
}
