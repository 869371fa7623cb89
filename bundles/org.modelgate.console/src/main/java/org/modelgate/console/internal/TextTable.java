package org.modelgate.console.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table that fits a terminal width: columns as wide as their content up to a cap, the
 * last one takes what is left, and longer cells end in "...".
 */
final class TextTable {
    static final int TERMINAL_WIDTH = 80;
    private static final String GAP = "  ";

    private final String[] headers;
    private final int[] caps;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param headers the column headers
     * @param caps the widest each column may grow, the last one ignored (it takes the rest)
     */
    TextTable(String[] headers, int[] caps) {
        this.headers = headers;
        this.caps = caps;
    }

    TextTable row(String... cells) {
        String[] row = new String[headers.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = i < cells.length && cells[i] != null ? cells[i] : "-";
        }
        rows.add(row);
        return this;
    }

    void print(PrintStream out) {
        int[] widths = widths();
        out.println(line(headers, widths));
        for (String[] row : rows) {
            out.println(line(row, widths));
        }
    }

    private int[] widths() {
        int[] widths = new int[headers.length];
        int used = 0;
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
            if (i < headers.length - 1) {
                widths[i] = Math.min(widths[i], Math.max(caps[i], headers[i].length()));
                used += widths[i] + GAP.length();
            }
        }
        int last = headers.length - 1;
        widths[last] = Math.max(headers[last].length(), Math.min(widths[last], TERMINAL_WIDTH - used));
        return widths;
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = fit(cells[i], widths[i]);
            line.append(cell);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - cell.length())).append(GAP);
            }
        }
        return line.toString().stripTrailing();
    }

    private static String fit(String cell, int width) {
        if (cell.length() <= width) {
            return cell;
        }
        return width <= 3 ? cell.substring(0, width) : cell.substring(0, width - 3) + "...";
    }
}
