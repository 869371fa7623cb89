package org.modelgate.packaging.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows of training data for {@code mgpack reference}: a CSV file (comma-separated numbers, one row
 * per line, an optional header line of column names; {@code NaN} and empty cells are missing values)
 * or a NumPy {@code .npy} file holding a 2-D float32, float64, int32 or int64 array in C order.
 *
 * @param names the column names from a CSV header, else empty
 * @param rows the rows, all of one width
 */
record TrainingData(List<String> names, double[][] rows) {
    private static final Pattern NPY_HEADER = Pattern.compile(
            "'descr':\\s*'([<|>])([fi])(\\d)'.*'fortran_order':\\s*(True|False).*'shape':\\s*\\((\\d+),\\s*(\\d+)\\s*,?\\)", Pattern.DOTALL);

    /** A data file that cannot be used; the message says why and where. */
    static final class DataException extends Exception {
        private static final long serialVersionUID = 1L;

        DataException(String message) {
            super(message);
        }
    }

    static TrainingData read(Path file) throws IOException, DataException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return npy(file, Files.readAllBytes(file));
        }
        if (name.endsWith(".csv")) {
            return csv(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        throw new DataException(file + ": give a .csv or .npy file");
    }

    private static TrainingData csv(Path file, List<String> lines) throws DataException {
        List<String> names = List.of();
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (rows.isEmpty() && names.isEmpty() && !isNumber(cells[0].strip())) {
                names = new ArrayList<>();
                for (String cell : cells) {
                    names.add(cell.strip().replaceAll("^\"|\"$", ""));
                }
                names = List.copyOf(names);
                width = cells.length;
                continue;
            }
            if (width >= 0 && cells.length != width) {
                throw new DataException(file + " line " + (i + 1) + ": " + cells.length + " values, expected " + width);
            }
            width = cells.length;
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].strip();
                if (cell.isEmpty()) {
                    row[c] = Double.NaN;
                } else if (isNumber(cell)) {
                    row[c] = Double.parseDouble(cell);
                } else {
                    throw new DataException(file + " line " + (i + 1) + " column " + (c + 1) + ": '" + cell + "' is not a number");
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new DataException(file + " holds no rows");
        }
        return new TrainingData(names, rows.toArray(new double[0][]));
    }

    private static boolean isNumber(String cell) {
        return cell.matches("[+-]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)");
    }

    private static TrainingData npy(Path file, byte[] bytes) throws DataException {
        if (bytes.length < 10 || bytes[0] != (byte) 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new DataException(file + " is not a NumPy .npy file (no \\x93NUMPY magic)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int headerLength = major == 1 ? Short.toUnsignedInt(buffer.getShort(8)) : buffer.getInt(8);
        int start = (major == 1 ? 10 : 12) + headerLength;
        String header = new String(bytes, major == 1 ? 10 : 12, Math.min(headerLength, bytes.length - (major == 1 ? 10 : 12)),
                StandardCharsets.ISO_8859_1);
        Matcher m = NPY_HEADER.matcher(header);
        if (!m.find()) {
            throw new DataException(file + ": only 2-D arrays of float32, float64, int32 or int64 are read, the header says " + header.strip());
        }
        if (m.group(4).equals("True")) {
            throw new DataException(file + ": the array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        String kind = m.group(2);
        int size = Integer.parseInt(m.group(3));
        if (!((kind.equals("f") && (size == 4 || size == 8)) || (kind.equals("i") && (size == 4 || size == 8)))) {
            throw new DataException(file + ": dtype " + kind + size + " is not read; use float32, float64, int32 or int64");
        }
        buffer.order(m.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long rows = Long.parseLong(m.group(5));
        long cols = Long.parseLong(m.group(6));
        if (rows == 0 || cols == 0 || start + rows * cols * size != bytes.length) {
            throw new DataException(file + ": shape (" + rows + ", " + cols + ") of " + size + "-byte values does not match the file's "
                    + (bytes.length - start) + " data bytes");
        }
        double[][] data = new double[(int) rows][(int) cols];
        int at = start;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                data[r][c] = kind.equals("f") ? (size == 4 ? buffer.getFloat(at) : buffer.getDouble(at))
                        : (size == 4 ? buffer.getInt(at) : buffer.getLong(at));
                at += size;
            }
        }
        return new TrainingData(List.of(), data);
    }
}
