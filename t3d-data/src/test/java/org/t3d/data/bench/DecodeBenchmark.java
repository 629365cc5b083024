package org.t3d.data.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.t3d.data.dataset.DatasetIndex;
import org.t3d.data.dataset.VideoSample;
import org.t3d.data.iterator.ClipIteratorConfig;
import org.t3d.data.iterator.VideoClipDataSetIterator;
import org.t3d.data.sampling.RandomClipSampler;
import org.t3d.data.transform.TransformConfig;
import org.t3d.data.video.DecodeOptions;
import org.t3d.data.video.OutputSize;
import org.t3d.data.video.ScanCache;
import org.t3d.data.video.VideoDecodeException;
import org.t3d.data.video.VideoReader;
import org.t3d.data.video.VideoScan;

/**
 * Decode benchmark on the shared fixture videos. Prints a Markdown section:
 * <ol>
 *   <li>training clips/s (16×112×112 and 32×224×224, random clip + T3D training transform) through
 *       {@link VideoClipDataSetIterator} with 1 and 2 decode threads, scans cached (a warm-up epoch first);</li>
 *   <li>CPU time to decode every frame of every file to RGB at the training resize size: this library (one thread,
 *       frames to float32 in chunks of 32) against the FFmpeg CLI ({@code -threads 1}, bilinear scaler, raw RGB24 to
 *       {@code /dev/null}, CPU time from {@code -benchmark}), in the same run.</li>
 * </ol>
 * Usage: {@code DecodeBenchmark [fixturesVideosDir] [epochs]}.
 */
public final class DecodeBenchmark {
    private static final Pattern BENCH = Pattern.compile("utime=([0-9.]+)s stime=([0-9.]+)s");

    private DecodeBenchmark() {
    }

    /**
     * @param args optional videos directory and number of measured epochs
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/fixtures/videos");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<VideoSample> samples = new ArrayList<>();
        ScanCache cache = new ScanCache();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                try (VideoReader r = VideoReader.open(p)) {
                    cache.put(p, r.scan());
                    samples.add(VideoSample.of(p.getFileName().toString(), p, 0));
                } catch (VideoDecodeException e) {
                    System.err.println("skipping " + p.getFileName() + ": " + e.reason().id());
                }
            }
        }
        DatasetIndex index = new DatasetIndex("fixtures", List.of("any"), samples, List.of());
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d decodable fixture videos (of %s), %d measured epochs each.%n%n",
                samples.size(), dir.getFileName(), epochs));
        md.append("| clip | decode threads | clips/s | wall s | process CPU s | CPU s / clip |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        int[][] configs = {{16, 112}, {32, 224}};
        for (int[] c : configs) {
            for (int workers : new int[] {1, 2}) {
                md.append(trainingRow(index, cache, c[0], c[1], workers, epochs));
            }
        }
        md.append("\n| resize (short side) | frames | t3d-data CPU s | FFmpeg CLI CPU s | ratio |\n");
        md.append("|---:|---:|---:|---:|---:|\n");
        for (int side : new int[] {128, 256}) {
            md.append(decodeRow(samples, cache, side));
        }
        System.out.println(md);
    }

    private static String trainingRow(DatasetIndex index, ScanCache cache, int t, int crop, int workers, int epochs)
            throws Exception {
        ClipIteratorConfig cfg = ClipIteratorConfig.builder().sampler(new RandomClipSampler(t, 1))
                .transform(TransformConfig.training(crop)).batchSize(4).workers(workers).prefetch(2 * workers)
                .seed(1).decodeOptions(DecodeOptions.builder().codecThreads(1).build()).build();
        try (VideoClipDataSetIterator it = new VideoClipDataSetIterator(index, cfg, cache)) {
            drain(it); // warm-up epoch
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            int clips = 0;
            for (int e = 0; e < epochs; e++) {
                it.reset();
                clips += drain(it);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            return String.format(Locale.ROOT, "| %d×%d×%d | %d | %.1f | %.2f | %.2f | %.3f |%n", t, crop, crop,
                    workers, clips / wall, wall, cpu, cpu / clips);
        }
    }

    private static int drain(VideoClipDataSetIterator it) {
        int n = 0;
        while (it.hasNext()) {
            n += it.next().numExamples();
        }
        return n;
    }

    private static String decodeRow(List<VideoSample> samples, ScanCache cache, int side) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long frames = 0;
        double ours = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) { // best of 3
            long cpu0 = mx.getCurrentThreadCpuTime();
            frames = 0;
            for (VideoSample s : samples) {
                frames += decodeAll(s.path(), cache.get(s.path()), side);
            }
            ours = Math.min(ours, (mx.getCurrentThreadCpuTime() - cpu0) / 1e9);
        }
        double cli = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            double total = 0;
            for (VideoSample s : samples) {
                total += ffmpegCpu(s.path(), cache.get(s.path()), side);
            }
            cli = Math.min(cli, total);
        }
        return String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f× |%n", side, frames, ours, cli, ours / cli);
    }

    private static int decodeAll(Path p, VideoScan scan, int side) throws VideoDecodeException {
        DecodeOptions o = DecodeOptions.builder().outputSize(OutputSize.shortSide(side)).codecThreads(1).build();
        try (VideoReader r = VideoReader.open(p, o, scan)) {
            int n = scan.frameCount();
            for (int start = 0; start < n; start += 32) {
                int len = Math.min(32, n - start);
                int[] idx = new int[len];
                for (int i = 0; i < len; i++) {
                    idx[i] = start + i;
                }
                r.read(idx);
            }
            return n;
        }
    }

    private static double ffmpegCpu(Path p, VideoScan scan, int side) throws IOException, InterruptedException {
        int w;
        int h;
        try (VideoReader r = VideoReader.open(p, DecodeOptions.DEFAULTS, scan)) {
            int[] s = OutputSize.shortSideSize(r.metadata().width(), r.metadata().height(), side);
            w = s[0];
            h = s[1];
        }
        Process proc = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-benchmark", "-threads", "1",
                "-i", p.toString(), "-an", "-sn", "-filter_threads", "1", "-vf",
                "scale=" + w + ":" + h + ":flags=bilinear", "-pix_fmt", "rgb24", "-f", "rawvideo", "-y", "/dev/null")
                .redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (proc.waitFor() != 0) {
            throw new IOException("ffmpeg failed on " + p + ":\n" + out);
        }
        Matcher m = BENCH.matcher(out);
        if (!m.find()) {
            throw new IOException("no -benchmark line from ffmpeg:\n" + out);
        }
        return Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }
}
