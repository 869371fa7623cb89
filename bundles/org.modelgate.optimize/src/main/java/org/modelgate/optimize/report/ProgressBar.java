package org.modelgate.optimize.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn in place with {@code \r} when its percentage changes:
 * {@code quantize  [##########..........]  50%  (12/24)}. {@link #NONE} draws nothing (tests, the gateway console).
 *
 * <pre>
 * ProgressBar bar = ProgressBar.on(err, "quantize", nodes.size());
 * for (...) { ...; bar.advance(1); }
 * bar.done();
 * </pre>
 */
public final class ProgressBar {
    /** A bar that draws nothing. */
    public static final ProgressBar NONE = new ProgressBar(null, "", 0);
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private long total;
    private long done;
    private int lastPercent = -1;

    private ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /**
     * A bar drawn on {@code out}.
     *
     * @param out where to draw, e.g. {@code System.err}; null draws nothing
     * @param label what is being done, e.g. {@code measure model.onnx}
     * @param total the steps to do
     * @return the bar
     */
    public static ProgressBar on(PrintStream out, String label, long total) {
        return new ProgressBar(out, label, total);
    }

    /**
     * Adds steps to do (work discovered on the way).
     *
     * @param steps more steps
     */
    public synchronized void grow(long steps) {
        total += steps;
    }

    /**
     * Marks steps done and redraws when the percentage changed.
     *
     * @param steps steps done
     */
    public synchronized void advance(long steps) {
        done += steps;
        if (out == null || total <= 0) {
            return;
        }
        int percent = (int) (Math.min(done, total) * 100 / total);
        if (percent != lastPercent) {
            lastPercent = percent;
            out.print("\r" + line(label, Math.min(done, total), total));
            out.flush();
        }
    }

    /** Ends the line (the bar stays as drawn). */
    public synchronized void done() {
        if (out != null && lastPercent >= 0) {
            out.println();
            out.flush();
            lastPercent = -1;
        }
    }

    /**
     * The bar for a state, without {@code \r}.
     *
     * @param label what is being done
     * @param done steps done
     * @param total steps to do
     * @return the line
     */
    static String line(String label, long done, long total) {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        int filled = percent * WIDTH / 100;
        return label + "  [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%  (%d/%d)", percent, done, total);
    }
}
