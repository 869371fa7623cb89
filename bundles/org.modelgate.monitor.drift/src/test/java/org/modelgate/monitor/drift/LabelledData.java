package org.modelgate.monitor.drift;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A data set of the shared format (copied into src/test/resources/data; other modules' tests take both from this
 * module's test-jar): a header
 * {@code n,features,class names...}, then rows of feature values and the class index.
 */
public record LabelledData(List<String> classes, List<double[]> rows, List<Integer> labels) {

    public static LabelledData load(String name) throws IOException {
        try (InputStream in = LabelledData.class.getResourceAsStream("/data/" + name)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
            String[] header = lines.get(0).split(",");
            int features = Integer.parseInt(header[1]);
            List<double[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                double[] row = new double[features];
                for (int i = 0; i < features; i++) {
                    row[i] = Double.parseDouble(cells[i]);
                }
                rows.add(row);
                labels.add(Integer.parseInt(cells[features]));
            }
            return new LabelledData(List.of(header).subList(2, header.length), rows, labels);
        }
    }

    public int width() {
        return rows.get(0).length;
    }

    /** The rows in a shuffled order, split: the first {@code fraction} and the rest. */
    public List<LabelledData> shuffledSplit(double fraction, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int cut = (int) Math.round(rows.size() * fraction);
        return List.of(subset(order.subList(0, cut)), subset(order.subList(cut, order.size())));
    }

    public LabelledData ofClass(int label) {
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (labels.get(i) == label) {
                picked.add(i);
            }
        }
        return subset(picked);
    }

    private LabelledData subset(List<Integer> indices) {
        return new LabelledData(classes, indices.stream().map(rows::get).toList(), indices.stream().map(labels::get).toList());
    }

    public double[][] matrix() {
        return rows.toArray(new double[0][]);
    }

    /** One-hot rows of the labels: what a perfect classifier would output. */
    public double[][] oneHot() {
        double[][] out = new double[labels.size()][classes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i][labels.get(i)] = 1;
        }
        return out;
    }
}
