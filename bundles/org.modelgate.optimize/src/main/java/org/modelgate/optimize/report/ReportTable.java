package org.modelgate.optimize.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns: the first column left-aligned, the others right-aligned.
 *
 * <pre>
 * ReportTable table = new ReportTable(List.of("model", "size", "p50 ms"));
 * table.add(List.of("original", "86.7 MiB", "12.40"));
 * table.print(System.out);
 * </pre>
 */
public final class ReportTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * Creates a table.
     *
     * @param headers the column titles
     */
    public ReportTable(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    /**
     * Adds a row.
     *
     * @param cells one per column
     * @throws IllegalArgumentException when the row has another number of cells
     */
    public void add(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + headers.size() + " columns");
        }
        rows.add(List.copyOf(cells));
    }

    /**
     * Prints the table.
     *
     * @param out where
     */
    public void print(PrintStream out) {
        out.print(render());
        out.flush();
    }

    /**
     * The table as text, one line per row, each line ended by a newline.
     *
     * @return the text
     */
    public String render() {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                String pad = " ".repeat(widths[c] - cell.length());
                line.append(c == 0 ? cell + pad : pad + cell);
                if (c < row.size() - 1) {
                    line.append("  ");
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
