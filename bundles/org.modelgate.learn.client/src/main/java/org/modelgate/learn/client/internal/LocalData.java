package org.modelgate.learn.client.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.modelgate.optimize.train.Dataset;
import org.modelgate.remote.CommandException;

/**
 * A task's local data: labelled rows in {@code {dataDir}/{task}/*.csv} (the features, then the label as a whole
 * number 0..classes-1), written by the site's application. Read for each round, never sent anywhere.
 */
final class LocalData {
    /** What the folder holds, for status. */
    record Summary(String task, int files, int rows, String problem) {
    }

    private final Path dataDir;

    LocalData(Path dataDir) {
        this.dataDir = dataDir;
    }

    Path folder(String task) {
        return dataDir.resolve(task);
    }

    /** Counts the rows without parsing them (status). */
    Summary summary(String task) {
        Path folder = folder(task);
        if (!Files.isDirectory(folder)) {
            return new Summary(task, 0, 0, "no folder " + folder);
        }
        int files = 0;
        int rows = 0;
        try {
            for (Path file : csvFiles(folder)) {
                files++;
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    rows += (int) in.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
                }
            }
        } catch (IOException e) {
            return new Summary(task, files, rows, "cannot read " + folder + ": " + e.getMessage());
        }
        return new Summary(task, files, rows, "");
    }

    /**
     * Reads the task's rows.
     *
     * @param task the task
     * @param features the number of features each row must have before its label
     * @param classes the number of classes
     * @return the data set
     * @throws CommandException naming the file and line of a bad row, or when there is no data
     */
    Dataset read(String task, int features, int classes) {
        Path folder = folder(task);
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try {
            if (!Files.isDirectory(folder)) {
                throw new CommandException("task '" + task + "' has no local data: " + folder + " does not exist");
            }
            for (Path file : csvFiles(folder)) {
                int line = 0;
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (String text = in.readLine(); text != null; text = in.readLine()) {
                        line++;
                        if (text.isBlank() || text.startsWith("#")) {
                            continue;
                        }
                        parse(text, features, classes, file, line, rows, labels);
                    }
                }
            }
        } catch (IOException e) {
            throw new CommandException("cannot read the local data of task '" + task + "' in " + folder + ": " + e, e);
        }
        if (rows.isEmpty()) {
            throw new CommandException("task '" + task + "' has no local rows in " + folder + "/*.csv");
        }
        return Dataset.of(rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray(), classes);
    }

    private static void parse(String text, int features, int classes, Path file, int line, List<float[]> rows,
            List<Integer> labels) {
        String[] cells = text.split(",");
        if (cells.length != features + 1) {
            throw new CommandException(file.getFileName() + " line " + line + " has " + cells.length + " values; the"
                    + " round's model expects " + features + " features and a label");
        }
        float[] row = new float[features];
        try {
            for (int f = 0; f < features; f++) {
                row[f] = Float.parseFloat(cells[f].trim());
            }
            int label = Integer.parseInt(cells[features].trim());
            if (label < 0 || label >= classes) {
                throw new CommandException(file.getFileName() + " line " + line + ": label " + label
                        + " is not a class 0.." + (classes - 1));
            }
            rows.add(row);
            labels.add(label);
        } catch (NumberFormatException e) {
            throw new CommandException(file.getFileName() + " line " + line + " is not numeric: " + e.getMessage());
        }
    }

    private static List<Path> csvFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.csv")) {
            stream.forEach(files::add);
        }
        files.sort(null);
        return files;
    }
}
