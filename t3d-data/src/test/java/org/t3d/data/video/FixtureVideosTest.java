package org.t3d.data.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.t3d.data.testutil.Fixtures;
import org.t3d.data.transform.Normalization;
import org.t3d.data.transform.SpatialPlan;

/** Every file of ../shared/fixtures/videos against the true frame counts of its README. */
class FixtureVideosTest {

    @Test
    void everyFixtureDecodesToItsTrueFrameCountOrATypedError() throws Exception {
        Map<String, Integer> truth = Fixtures.trueFrameCounts();
        List<Path> files = Fixtures.files("videos");
        assertFalse(files.isEmpty());
        VideoProbe probe = new VideoProbe();
        for (Path f : files) {
            String name = f.getFileName().toString();
            ProbeResult r = probe.probe(f);
            if (name.contains("av1")) {
                assertEquals(ProbeResult.Status.ERROR, r.status(), r.toJson());
                assertEquals(FailureReason.UNSUPPORTED_CODEC, r.failure(), r.toJson());
                assertTrue(r.reason().contains("av1"), r.reason());
                continue;
            }
            assertEquals(ProbeResult.Status.OK, r.status(), r.toJson());
            Integer expected = truth.get(name);
            assertNotNull(expected, "README has no frame count for " + name);
            assertEquals(expected.longValue(), r.frames(), name);
        }
    }

    @Test
    void av1RaisesUnsupportedCodecNamingTheFile() throws Exception {
        Path av1 = Fixtures.dir("videos").resolve("torchcodec_av1_video.mkv");
        org.junit.jupiter.api.Assumptions.assumeTrue(av1.toFile().isFile(), "AV1 fixture absent");
        try (VideoReader r = VideoReader.open(av1)) {
            assertEquals("av1", r.metadata().codec());
            VideoDecodeException e = assertThrows(VideoDecodeException.class, r::frameCount);
            assertEquals(FailureReason.UNSUPPORTED_CODEC, e.reason());
            assertTrue(e.getMessage().contains("torchcodec_av1_video.mkv"), e.getMessage());
        }
    }

    @Test
    void seekingReadsEqualSequentialReadsOnEveryFixture() throws Exception {
        DecodeOptions seq = DecodeOptions.builder().outputSize(OutputSize.exact(48, 36))
                .seekThreshold(Integer.MAX_VALUE).build();
        DecodeOptions seek = seq.toBuilder().seekThreshold(0).build();
        for (Path f : Fixtures.files("videos")) {
            if (f.getFileName().toString().contains("av1")) {
                continue;
            }
            int n;
            try (VideoReader r = VideoReader.open(f)) {
                n = r.frameCount();
            }
            int[] idx = {n - 1, n / 2, n / 3, 0, Math.max(0, n - 2), (2 * n) / 3, n - 1};
            float[] a;
            float[] b;
            try (VideoReader r = VideoReader.open(f, seq)) {
                a = r.read(idx).views().get(0);
            }
            try (VideoReader r = VideoReader.open(f, seek)) {
                b = r.read(idx).views().get(0);
            }
            assertArrayEquals(a, b, f.getFileName().toString());
        }
    }

    @Test
    void rotationTagIsExposedAndAppliedOnRequest() throws Exception {
        Path dir = Fixtures.dir("videos");
        int[][] cases = {{0, 0}, {90, 90}, {180, 180}, {270, 270}};
        for (int[] c : cases) {
            Path f = dir.resolve("decord_video_" + c[0] + ".mov");
            org.junit.jupiter.api.Assumptions.assumeTrue(f.toFile().isFile(), f + " absent");
            try (VideoReader r = VideoReader.open(f)) {
                assertEquals(c[1], r.metadata().rotationDegrees(), f.toString());
                assertEquals(568, r.metadata().width());
            }
        }
        // Applying the rotation equals rotating the coded-orientation frame ourselves.
        Path f90 = dir.resolve("decord_video_90.mov");
        float[] coded;
        try (VideoReader r = VideoReader.open(f90)) {
            coded = r.read(new int[] {1}).views().get(0); // [3,1,320,568]
        }
        DecodeOptions rot = DecodeOptions.builder().applyRotation(true).build();
        try (VideoReader r = VideoReader.open(f90, rot)) {
            assertEquals(320, r.metadata().displayWidth());
            DecodedClip c = r.read(new int[] {1}, SpatialPlan.full(320, 568), Normalization.NONE);
            assertEquals(568, c.height());
            assertEquals(320, c.width());
            float[] d = c.views().get(0);
            int h = 320;
            int w = 568;
            for (int ch = 0; ch < 3; ch++) {
                for (int dy = 0; dy < 568; dy += 7) {
                    for (int dx = 0; dx < 320; dx += 5) {
                        // clockwise 90: display (dx, dy) <- source (x = dy, y = h - 1 - dx)
                        float src = coded[ch * h * w + (h - 1 - dx) * w + dy];
                        assertEquals(src, d[ch * 568 * 320 + dy * 320 + dx], "c" + ch + " " + dx + "," + dy);
                    }
                }
            }
        }
    }
}
