package org.t3d.data.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.t3d.data.sampling.CenterClipSampler;
import org.t3d.data.testutil.Fixtures;

/** Every file of ../shared/fixtures/bad gives its documented outcome: a typed error, or flagged/padded frames. */
class BadFilesTest {

    /** Expected outcome per file, from the fixtures README: error reason, or status and delivered frames. */
    private record Expect(FailureReason error, ProbeResult.Status status, int frames) {
        static Expect error(FailureReason r) {
            return new Expect(r, ProbeResult.Status.ERROR, -1);
        }

        static Expect decoded(ProbeResult.Status s, int frames) {
            return new Expect(null, s, frames);
        }
    }

    private static final Map<String, Expect> EXPECTED = Map.ofEntries(
            Map.entry("zero_bytes.mp4", Expect.error(FailureReason.UNREADABLE_CONTAINER)),
            Map.entry("text_renamed.mp4", Expect.error(FailureReason.UNREADABLE_CONTAINER)),
            Map.entry("random_bytes.mp4", Expect.error(FailureReason.UNREADABLE_CONTAINER)),
            Map.entry("moov_header_zeroed.mp4", Expect.error(FailureReason.UNREADABLE_CONTAINER)),
            Map.entry("truncated_moov_at_end.mp4", Expect.error(FailureReason.UNREADABLE_CONTAINER)),
            Map.entry("audio_only.mp4", Expect.error(FailureReason.NO_VIDEO_STREAM)),
            Map.entry("jpeg_renamed.mp4", Expect.error(FailureReason.STILL_IMAGE)),
            Map.entry("truncated_faststart_half.mp4", Expect.decoded(ProbeResult.Status.PARTIAL, 139)),
            Map.entry("truncated_half.avi", Expect.decoded(ProbeResult.Status.PARTIAL, 77)),
            Map.entry("garbage_in_mdat.mp4", Expect.decoded(ProbeResult.Status.PARTIAL, 29)),
            Map.entry("decord_corrupted.mp4", Expect.decoded(ProbeResult.Status.PARTIAL, 49)),
            Map.entry("one_frame.mp4", Expect.decoded(ProbeResult.Status.OK, 1)),
            Map.entry("three_frames.mp4", Expect.decoded(ProbeResult.Status.OK, 3)));

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyBadFileHasItsDocumentedOutcome() throws Exception {
        List<Path> files = Fixtures.files("bad");
        VideoProbe probe = new VideoProbe();
        for (Path f : files) {
            String name = f.getFileName().toString();
            ProbeResult r = probe.probe(f);
            Expect e = EXPECTED.get(name);
            if (e == null) {
                assertNotNull(r.status(), "unlisted bad file " + name + " must still get a verdict");
                continue;
            }
            assertEquals(e.status(), r.status(), name + ": " + r.toJson());
            if (e.error() != null) {
                assertEquals(e.error(), r.failure(), name + ": " + r.toJson());
                assertNotNull(r.reason());
            } else {
                assertEquals(e.frames(), r.frames(), name);
                if (e.status() == ProbeResult.Status.PARTIAL) {
                    assertTrue(r.expectedFrames() > r.frames(), name + ": expected > delivered");
                    assertTrue(r.reason().contains(Long.toString(r.frames())), r.reason());
                }
            }
        }
    }

    @Test
    void typedErrorsNameTheFile() throws Exception {
        Path dir = Fixtures.dir("bad");
        for (String name : List.of("zero_bytes.mp4", "text_renamed.mp4", "audio_only.mp4", "jpeg_renamed.mp4")) {
            Path f = dir.resolve(name);
            VideoDecodeException e = org.junit.jupiter.api.Assertions.assertThrows(VideoDecodeException.class, () -> {
                try (VideoReader r = VideoReader.open(f)) {
                    r.frameCount();
                }
            });
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertEquals(f, e.path());
        }
    }

    @Test
    void partialFilesDeliverTheFramesThatDecode() throws Exception {
        Path f = Fixtures.dir("bad").resolve("truncated_faststart_half.mp4");
        try (VideoReader r = VideoReader.open(f, DecodeOptions.builder().outputSize(OutputSize.exact(34, 26))
                .build())) {
            VideoScan s = r.scan();
            assertTrue(s.integrity().partial());
            assertEquals(280, s.integrity().expectedFrames());
            DecodedClip c = r.read(new int[] {0, 70, 138});
            assertTrue(c.partial());
            assertEquals(3, c.frames());
        }
    }

    @Test
    void shortVideosAreLoopPadded() throws Exception {
        Path dir = Fixtures.dir("bad");
        for (String name : List.of("one_frame.mp4", "three_frames.mp4")) {
            try (VideoReader r = VideoReader.open(dir.resolve(name),
                    DecodeOptions.builder().outputSize(OutputSize.exact(32, 24)).build())) {
                int n = r.frameCount();
                int[] idx = new CenterClipSampler(8, 1).sample(n, new SplittableRandom(1)).get(0);
                for (int t = 0; t < 8; t++) {
                    assertEquals(t % n, idx[t]);
                }
                float[] clip = r.read(idx).views().get(0);
                int hw = 32 * 24;
                float[] first = java.util.Arrays.copyOfRange(clip, 0, hw);
                float[] again = java.util.Arrays.copyOfRange(clip, n * hw, (n + 1) * hw);
                assertArrayEquals(first, again, name + ": position n repeats frame 0");
            }
        }
    }
}
