package org.t3d.cli.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal (redrawn with {@code \r}, at most 10 times a second) showing done/total,
 * ETA, items per second and an optional loss. When the stream is not a terminal it prints a plain line every
 * {@code logEverySeconds} seconds instead, so logs stay readable.
 *
 * <pre>
 *   epoch 3/12 [##########··········]  24/48  ETA 0:21  5.3 clips/s  loss 0.734
 * </pre>
 */
public final class ProgressBar {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean tty;
    private final double logEverySeconds;
    private String label = "";
    private long total;
    private String unit = "items";
    private long done;
    private long startNanos;
    private long lastDrawNanos;
    private double loss = Double.NaN;

    /**
     * @param out             stream (normally {@code System.err})
     * @param tty             whether to redraw in place ({@code System.console() != null})
     * @param logEverySeconds interval of plain log lines when not a terminal
     */
    public ProgressBar(PrintStream out, boolean tty, double logEverySeconds) {
        this.out = out;
        this.tty = tty;
        this.logEverySeconds = logEverySeconds;
    }

    /** @return a bar on stderr that redraws only when a console is attached */
    public static ProgressBar stderr() {
        return new ProgressBar(System.err, System.console() != null, 15);
    }

    /**
     * Starts a new task.
     *
     * @param label text before the bar
     * @param total total items (≤ 0 if unknown)
     * @param unit  item name for the rate ("clips")
     */
    public synchronized void start(String label, long total, String unit) {
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.done = 0;
        this.loss = Double.NaN;
        this.startNanos = System.nanoTime();
        this.lastDrawNanos = 0;
    }

    /**
     * @param items items just finished
     * @param lossValue current loss (NaN to omit)
     */
    public synchronized void step(long items, double lossValue) {
        done += items;
        loss = lossValue;
        long now = System.nanoTime();
        double sinceDraw = (now - lastDrawNanos) / 1e9;
        if (tty ? sinceDraw >= 0.1 : sinceDraw >= logEverySeconds) {
            lastDrawNanos = now;
            if (tty) {
                out.print("\r" + line() + "\u001b[K");
            } else {
                out.println(line());
            }
            out.flush();
        }
    }

    /** Finishes the task: draws the final state and ends the line. */
    public synchronized void finish() {
        if (tty) {
            out.print("\r" + line() + "\u001b[K\n");
        } else {
            out.println(line());
        }
        out.flush();
    }

    /** @return the current line (no control characters) */
    public synchronized String line() {
        double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        double rate = done / secs;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            sb.append('[').append("#".repeat(filled)).append("·".repeat(WIDTH - filled)).append("] ");
            sb.append(done).append('/').append(total);
            double eta = rate > 0 ? Math.max(0, (total - done) / rate) : Double.NaN;
            sb.append("  ETA ").append(Double.isNaN(eta) ? "?" : clock(eta));
        } else {
            sb.append(done);
        }
        sb.append(String.format(Locale.ROOT, "  %.1f %s/s", rate, unit));
        if (!Double.isNaN(loss)) {
            sb.append(String.format(Locale.ROOT, "  loss %.3f", loss));
        }
        sb.append("  ").append(clock(secs));
        return sb.toString();
    }

    /** @return m:ss or h:mm:ss */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
