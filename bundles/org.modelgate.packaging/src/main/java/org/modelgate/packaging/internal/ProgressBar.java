package org.modelgate.packaging.internal;

import java.io.PrintStream;
import java.util.Locale;

import org.modelgate.packaging.ProgressListener;

/**
 * A one-line text progress bar, redrawn in place with {@code \r} when the percentage changes:
 * {@code [##########..........]  50%  1.5 GiB / 3.0 GiB}. Drawn only for inputs of
 * {@link #MIN_BYTES} or more; small packs finish before a bar would help.
 */
public final class ProgressBar implements ProgressListener {
    /** Inputs smaller than this get no bar: 8 MiB. */
    public static final long MIN_BYTES = 8L << 20;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private int lastPercent = -1;

    /**
     * Creates a bar drawn on a terminal stream.
     *
     * @param out where to draw, e.g. {@code System.err}
     */
    public ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void progress(long done, long total) {
        if (total < MIN_BYTES) {
            return;
        }
        int percent = (int) (done * 100 / total);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        out.print("\r" + line(done, total));
        if (done >= total) {
            out.println();
        }
        out.flush();
    }

    /** The bar for a state, without {@code \r}. */
    static String line(long done, long total) {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        int filled = percent * WIDTH / 100;
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%  %s / %s", percent, bytes(done), bytes(total));
    }

    /** Bytes for people: {@code 512 B}, {@code 3.4 MiB}, {@code 1.2 GiB}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
