package org.t3d.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident set size of this process, the figure compared with PyTorch's {@code ru_maxrss}. */
public final class PeakMemory {

    private PeakMemory() {
    }

    /**
     * @return the process's peak resident set size in bytes ({@code VmHWM} of {@code /proc/self/status}), or -1 where
     *         the kernel does not report it
     */
    public static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
