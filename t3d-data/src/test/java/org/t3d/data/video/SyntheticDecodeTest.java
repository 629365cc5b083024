package org.t3d.data.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.t3d.data.testutil.SyntheticVideos;
import org.t3d.data.transform.ClipView;
import org.t3d.data.transform.CropBox;
import org.t3d.data.transform.Normalization;
import org.t3d.data.transform.SpatialPlan;

/** Decoding videos the test writes itself, with the frame index encoded in the pixels. */
class SyntheticDecodeTest {
    private static final int N = 300;
    private static final int W = 40;
    private static final int H = 30;

    @TempDir
    static Path dir;
    static Path lossless;
    static Path striped;

    @BeforeAll
    static void write() throws Exception {
        lossless = SyntheticVideos.writeLossless(dir.resolve("index.mkv"), N, W, H, 25);
        striped = SyntheticVideos.writeStriped(dir.resolve("striped.avi"), 200, 12);
    }

    private static int frameIndexAt(float[] clip, int t, int frames, int h, int w) {
        int plane = frames * h * w;
        int o = t * h * w;
        return Math.round(clip[o]) + 256 * Math.round(clip[plane + o]);
    }

    @Test
    void losslessRoundTripIsPixelExactAndCountIsTrue() throws Exception {
        try (VideoReader r = VideoReader.open(lossless)) {
            assertEquals(N, r.frameCount());
            assertEquals("ffv1", r.metadata().codec());
            assertFalse(r.scan().integrity().partial());
            int[] idx = {0, 1, 299, 150, 257};
            float[] clip = r.read(idx).views().get(0);
            int plane = idx.length * H * W;
            for (int t = 0; t < idx.length; t++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int o = t * H * W + y * W + x;
                        assertEquals(idx[t] & 0xFF, (int) clip[o], "R at t=" + t);
                        assertEquals(idx[t] >> 8, (int) clip[plane + o], "G at t=" + t);
                        assertEquals(SyntheticVideos.pattern(x, y), (int) clip[2 * plane + o], "B at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void seekingAndSequentialReadsAgreeOnEveryFrame() throws Exception {
        int[] idx = {290, 3, 3, 77, 150, 151, 0, 299, 200};
        DecodeOptions seek = DecodeOptions.builder().outputSize(OutputSize.exact(20, 16)).seekThreshold(0).build();
        DecodeOptions seq = seek.toBuilder().seekThreshold(Integer.MAX_VALUE).build();
        try (VideoReader a = VideoReader.open(lossless, seek); VideoReader b = VideoReader.open(lossless, seq)) {
            DecodedClip ca = a.read(idx);
            DecodedClip cb = b.read(idx);
            assertTrue(a.seekCount() > 0, "the seeking reader should have seeked");
            assertEquals(0, a.seekFallbackCount());
            assertEquals(0, b.seekCount());
            assertArrayEquals(cb.views().get(0), ca.views().get(0));
            for (int t = 0; t < idx.length; t++) {
                assertEquals(idx[t], frameIndexAt(ca.views().get(0), t, idx.length, 16, 20), "t=" + t);
            }
            // a second read on the same reader, going backwards
            DecodedClip again = a.read(new int[] {10, 5});
            assertEquals(10, frameIndexAt(again.views().get(0), 0, 2, 16, 20));
            assertEquals(5, frameIndexAt(again.views().get(0), 1, 2, 16, 20));
        }
    }

    @Test
    void bFramesGopAndAudioStillGiveExactFrames() throws Exception {
        DecodeOptions seek = DecodeOptions.builder().seekThreshold(0).build();
        int[] idx = {199, 0, 13, 12, 11, 100, 101, 150, 24, 36, 198};
        try (VideoReader r = VideoReader.open(striped, seek)) {
            assertEquals(200, r.frameCount());
            assertEquals(1, r.metadata().audioStreams());
            assertTrue(r.scan().index().keyFrameCount() > 5, "GOP 12 should give many key frames");
            float[] clip = r.read(idx).views().get(0);
            for (int t = 0; t < idx.length; t++) {
                assertEquals(idx[t], SyntheticVideos.readStripes(clip, t, idx.length), "t=" + t);
            }
            assertTrue(r.seekCount() > 0);
        }
        try (VideoReader r = VideoReader.open(striped, seek.toBuilder().seekThreshold(Integer.MAX_VALUE).build())) {
            float[] clip = r.read(idx).views().get(0);
            for (int t = 0; t < idx.length; t++) {
                assertEquals(idx[t], SyntheticVideos.readStripes(clip, t, idx.length), "sequential t=" + t);
            }
        }
    }

    @Test
    void scalingKeepsUniformChannelsExact() throws Exception {
        DecodeOptions o = DecodeOptions.builder().outputSize(OutputSize.shortSide(12)).build();
        try (VideoReader r = VideoReader.open(lossless, o)) {
            DecodedClip c = r.read(new int[] {260, 4});
            assertEquals(12, c.height());
            assertEquals(16, c.width()); // 40x30 -> short side 12 -> 16x12
            assertEquals(260, frameIndexAt(c.views().get(0), 0, 2, 12, 16));
            assertEquals(4, frameIndexAt(c.views().get(0), 1, 2, 12, 16));
            assertArrayEquals(new long[] {3, 2, 12, 16}, c.toINDArray().shape());
        }
    }

    @Test
    void cropFlipAndNormalisationApplyToEveryFrame() throws Exception {
        CropBox box = new CropBox(5, 7, 20, 10);
        SpatialPlan plan = new SpatialPlan(W, H, List.of(new ClipView(box, false), new ClipView(box, true)));
        Normalization norm = new Normalization(new float[] {10, 20, 30}, new float[] {2, 4, 5});
        try (VideoReader r = VideoReader.open(lossless)) {
            int[] idx = {8, 9};
            DecodedClip c = r.read(idx, plan, norm);
            assertEquals(2, c.viewCount());
            int plane = 2 * 10 * 20;
            for (int t = 0; t < 2; t++) {
                for (int y = 0; y < 10; y++) {
                    for (int x = 0; x < 20; x++) {
                        int o = t * 200 + y * 20 + x;
                        float b = (SyntheticVideos.pattern(5 + x, 7 + y) - 30) / 5f;
                        float bFlipped = (SyntheticVideos.pattern(5 + 19 - x, 7 + y) - 30) / 5f;
                        assertEquals((idx[t] - 10) / 2f, c.views().get(0)[o], 1e-6);
                        assertEquals((0 - 20) / 4f, c.views().get(0)[plane + o], 1e-6);
                        assertEquals(b, c.views().get(0)[2 * plane + o], 1e-5);
                        assertEquals(bFlipped, c.views().get(1)[2 * plane + o], 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void indicesOutsideTheVideoAreRejectedWithTheFileName() throws Exception {
        try (VideoReader r = VideoReader.open(lossless)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> r.read(new int[] {0, N}));
            assertTrue(e.getMessage().contains("index.mkv"), e.getMessage());
        }
    }

    @Test
    void timeoutIsATypedError() throws Exception {
        DecodeOptions o = DecodeOptions.builder().timeout(Duration.ofNanos(1)).build();
        try (VideoReader r = VideoReader.open(lossless, o)) {
            VideoDecodeException e = assertThrows(VideoDecodeException.class, r::scan);
            assertEquals(FailureReason.TIMEOUT, e.reason());
            assertTrue(e.getMessage().contains("index.mkv"));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pathsThatAreNotRegularFilesFailFastWithoutOpening() throws Exception {
        VideoDecodeException missing = assertThrows(VideoDecodeException.class,
                () -> VideoReader.open(dir.resolve("nope.mp4")));
        assertEquals(FailureReason.MISSING_FILE, missing.reason());
        assertTrue(missing.getMessage().contains("nope.mp4"));
        VideoDecodeException directory = assertThrows(VideoDecodeException.class, () -> VideoReader.open(dir));
        assertEquals(FailureReason.NOT_A_REGULAR_FILE, directory.reason());
        Path fifo = dir.resolve("pipe.mp4");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (p.waitFor() == 0 && Files.exists(fifo)) {
            VideoDecodeException e = assertThrows(VideoDecodeException.class, () -> VideoReader.open(fifo));
            assertEquals(FailureReason.NOT_A_REGULAR_FILE, e.reason());
            assertEquals(ProbeResult.Status.ERROR, new VideoProbe().probe(fifo).status());
        }
    }

    @Test
    void noNativeMemoryGrowthOverAThousandOpenCloseCycles() throws Exception {
        Path small = SyntheticVideos.writeLossless(dir.resolve("small.mkv"), 4, 16, 16, 25);
        VideoScan scan;
        try (VideoReader r = VideoReader.open(small)) {
            scan = r.scan();
        }
        for (int i = 0; i < 100; i++) {
            cycle(small, scan);
        }
        System.gc();
        long before = Pointer.physicalBytes();
        for (int i = 0; i < 1000; i++) {
            cycle(small, scan);
        }
        System.gc();
        long growth = Pointer.physicalBytes() - before;
        assertTrue(growth < 48L << 20, "resident memory grew by " + (growth >> 20) + " MiB over 1000 cycles");
    }

    private static void cycle(Path file, VideoScan scan) throws VideoDecodeException {
        try (VideoReader r = VideoReader.open(file, DecodeOptions.DEFAULTS, scan)) {
            r.read(new int[] {2});
        }
    }
}
