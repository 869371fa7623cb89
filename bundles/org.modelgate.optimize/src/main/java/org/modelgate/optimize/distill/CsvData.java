package org.modelgate.optimize.distill;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A table of numeric features, and optionally an integer class column, read from a CSV file ({@code .gz} is
 * unpacked). Three layouts are understood:
 * <ul>
 * <li>scikit-learn's: a first line {@code n_samples,n_features,<class names...>}, then rows whose last column is the
 * class index (the labels are that column unless {@code labelColumn} is {@code none});</li>
 * <li>a header of column names (a first line that is not all numbers): {@code labelColumn} names the class column;</li>
 * <li>no header: {@code labelColumn} is a column index from 0, or {@code last}.</li>
 * </ul>
 *
 * @param features the feature rows
 * @param labels each row's class, or null when the table has no class column
 * @param classNames the class names when the file gives them, else empty
 */
public record CsvData(float[][] features, int[] labels, List<String> classNames) {
    /** {@code labelColumn} value for a file read without labels. */
    public static final String NO_LABELS = "none";

    /**
     * Reads {@code file}.
     *
     * @param file the CSV (or CSV.gz)
     * @param labelColumn the class column (a name, an index from 0, or {@code last}); null for the layout's default
     *        (scikit-learn's: the last column; others: no labels); {@code none} for no labels
     * @return the table
     * @throws IOException when the file cannot be read, or a cell is not a number, naming the line
     */
    public static CsvData read(Path file, String labelColumn) throws IOException {
        List<String> lines = lines(file);
        if (lines.isEmpty()) {
            throw new IOException(file + " has no rows");
        }
        String[] first = lines.get(0).split(",", -1);
        int start = 0;
        int labelIndex = -1;
        List<String> classNames = List.of();
        int width = first.length;
        // scikit-learn's first line is shorter than its rows (unless there are exactly n_features - 1 classes, which
        // its class names tell apart unless they are numbers too)
        boolean sklearn = first.length >= 2 && isInteger(first[0]) && isInteger(first[1]) && lines.size() > 1
                && lines.get(1).split(",", -1).length == Integer.parseInt(first[1].trim()) + 1
                && (first.length != Integer.parseInt(first[1].trim()) + 1 || !allNumbers(first, 2));
        if (sklearn) {
            start = 1;
            width = Integer.parseInt(first[1].trim()) + 1;
            classNames = List.of(first).subList(2, first.length).stream().map(String::trim).toList();
            labelIndex = NO_LABELS.equals(labelColumn) ? -1 : resolve(labelColumn == null ? "last" : labelColumn, null, width, file);
            if (labelIndex >= 0 && labelIndex != width - 1) {
                classNames = List.of();
            }
        } else if (!allNumbers(first, 0)) {
            start = 1;
            labelIndex = labelColumn == null || NO_LABELS.equals(labelColumn) ? -1 : resolve(labelColumn, first, width, file);
        } else {
            labelIndex = labelColumn == null || NO_LABELS.equals(labelColumn) ? -1 : resolve(labelColumn, null, width, file);
        }
        int rows = lines.size() - start;
        float[][] features = new float[rows][];
        int[] labels = labelIndex >= 0 ? new int[rows] : null;
        for (int r = 0; r < rows; r++) {
            String[] cells = lines.get(r + start).split(",", -1);
            if (cells.length != width) {
                throw new IOException(file + " line " + (r + start + 1) + " has " + cells.length + " columns, expected " + width);
            }
            float[] row = new float[labelIndex >= 0 ? width - 1 : width];
            int at = 0;
            for (int c = 0; c < width; c++) {
                String cell = cells[c].trim();
                try {
                    if (c == labelIndex) {
                        labels[r] = (int) Double.parseDouble(cell);
                    } else {
                        row[at++] = Float.parseFloat(cell);
                    }
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + (r + start + 1) + " column " + (c + 1) + " is '" + cell
                            + "', not a number; give features as numbers and the class as an index from 0");
                }
            }
            features[r] = row;
        }
        return new CsvData(features, labels, classNames);
    }

    /** @return whether the table has a class column */
    public boolean hasLabels() {
        return labels != null;
    }

    /** @return the number of classes: the names given, else the largest label plus one; 0 without labels */
    public int classCount() {
        if (labels == null) {
            return 0;
        }
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return Math.max(classNames.size(), max + 1);
    }

    private static int resolve(String column, String[] header, int width, Path file) throws IOException {
        if ("last".equals(column)) {
            return width - 1;
        }
        if (header != null) {
            for (int c = 0; c < header.length; c++) {
                if (header[c].trim().equals(column)) {
                    return c;
                }
            }
        }
        if (isInteger(column)) {
            int index = Integer.parseInt(column.trim());
            if (index >= 0 && index < width) {
                return index;
            }
        }
        throw new IOException(file + " has no column '" + column + "'; give --labels a column "
                + (header != null ? "name (" + String.join(", ", header) + "), " : "") + "index 0.." + (width - 1) + " or 'last'");
    }

    private static List<String> lines(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    private static boolean isInteger(String text) {
        return text.trim().matches("-?\\d+");
    }

    private static boolean allNumbers(String[] cells, int from) {
        for (int i = from; i < cells.length; i++) {
            try {
                Double.parseDouble(cells[i].trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
