package org.modelgate.optimize.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Before and after: the original and each candidate, with file size, p50/p99 latency through ONNX Runtime on this
 * machine and accuracy against the original on the reference samples; notes say what was left as it was and why.
 *
 * <pre>
 * model         file        size   ratio  p50 ms  p99 ms  speed-up  cosine mean  cosine min  agreement  accuracy
 * original      model.onnx  86.2 MiB  1.00   12.41   14.02     1.00x       1.0000      1.0000          -         -
 * int8 dynamic  model.onnx  21.9 MiB  0.25    6.10    7.33     2.03x       0.9912      0.9790          -         -
 * </pre>
 *
 * @param original the original model's row
 * @param candidates the optimized models' rows
 * @param notes what the reader should know (ops left as they are, figures refused), in order
 */
public record OptimizationReport(ModelMeasurement original, List<ModelMeasurement> candidates, List<String> notes) {
    /**
     * Copies the lists.
     */
    public OptimizationReport {
        candidates = List.copyOf(candidates);
        notes = List.copyOf(notes);
    }

    /**
     * This report with one more note.
     *
     * @param note the note
     * @return a new report
     */
    public OptimizationReport withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new OptimizationReport(original, candidates, more);
    }

    /**
     * The table of rows.
     *
     * @return the table
     */
    public ReportTable table() {
        ReportTable table = new ReportTable(List.of("model", "file", "size", "ratio", "p50 ms", "p99 ms", "speed-up",
                "cosine mean", "cosine min", "agreement", "accuracy"));
        List<ModelMeasurement> rows = new ArrayList<>();
        rows.add(original);
        rows.addAll(candidates);
        for (ModelMeasurement row : rows) {
            Accuracy a = row.accuracy();
            table.add(List.of(row.name(), String.valueOf(row.file().getFileName()), bytes(row.fileBytes()),
                    fixed(2, (double) row.fileBytes() / original.fileBytes()),
                    fixed(2, row.latency().p50Millis()), fixed(2, row.latency().p99Millis()),
                    fixed(2, original.latency().p50Millis() / row.latency().p50Millis()) + "x",
                    fixed(4, a.meanCosine()), fixed(4, a.minCosine()), percent(a.agreement()), percent(a.labelAccuracy())));
        }
        return table;
    }

    /**
     * Prints the table, then the number of samples and the notes.
     *
     * @param out where
     */
    public void print(PrintStream out) {
        table().print(out);
        out.println("measured on " + original.accuracy().samples() + " reference samples, " + original.latency().runs()
                + " timed runs each, ONNX Runtime on this machine");
        for (String note : notes) {
            out.println("note: " + note);
        }
        out.flush();
    }

    private static String fixed(int decimals, double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    /**
     * Bytes for people: {@code 512 B}, {@code 3.4 KiB}, {@code 86.2 MiB}.
     *
     * @param bytes a size
     * @return the text
     */
    public static String bytes(long bytes) {
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
