package org.modelgate.console.internal;

import java.io.PrintStream;
import java.util.Locale;

import org.modelgate.api.ProfileListener;

/**
 * A progress bar on one terminal line, rewritten with {@code \r} at each step:
 * {@code [#########.....]  60%  onnxruntime/cpu/2 threads: warmed up}. Kept within 80 columns.
 */
final class ProgressLine implements ProfileListener {
    private static final int BAR = 20;
    private final PrintStream out;
    private int drawn;

    ProgressLine(PrintStream out) {
        this.out = out;
    }

    @Override
    public void progress(int done, int total, String step) {
        String line = line(done, total, step);
        // pad over what the longer line before left on the terminal
        out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        out.flush();
        drawn = line.length();
    }

    /** Ends the bar's line, if one was drawn. */
    void end() {
        if (drawn > 0) {
            out.println();
            drawn = 0;
        }
    }

    static String line(int done, int total, String step) {
        int percent = total <= 0 ? 100 : Math.min(100, done * 100 / total);
        int filled = percent * BAR / 100;
        String line = "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + String.format(Locale.ROOT, "%3d%%  ", percent)
                + step;
        return line.length() <= TextTable.TERMINAL_WIDTH - 1 ? line : line.substring(0, TextTable.TERMINAL_WIDTH - 4) + "...";
    }
}
