package org.modelgate.monitor.health.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.modelgate.monitor.health.AccuracyWindow;
import org.modelgate.monitor.health.LabelledWindow;

/**
 * A version's last feedbacks, each with the prediction it judged and the input row: accuracy, per-class recall
 * and mean absolute error over the window, and the labelled rows for permutation importance. A ring of fixed
 * size. Not thread-safe; its owner locks.
 */
final class FeedbackWindow {
    /** One judged prediction: a label (truth and predicted label) or a value (truth and error). */
    record Judged(float[] row, String truth, String predicted, double truthValue, double error) {
        boolean isLabel() {
            return truth != null;
        }
    }

    private final Judged[] ring;
    private long added;

    FeedbackWindow(int size) {
        ring = new Judged[size];
    }

    void add(Judged judged) {
        ring[(int) (added % ring.length)] = judged;
        added++;
    }

    /** The entries, oldest first. */
    List<Judged> entries() {
        int n = (int) Math.min(added, ring.length);
        List<Judged> out = new ArrayList<>(n);
        long first = added - n;
        for (long i = first; i < added; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }

    AccuracyWindow accuracy() {
        List<Judged> entries = entries();
        int labels = 0;
        int correct = 0;
        int values = 0;
        double errors = 0;
        Map<String, int[]> perClass = new TreeMap<>(); // truth -> {right, all}
        for (Judged j : entries) {
            if (j.isLabel()) {
                labels++;
                boolean right = j.truth().equals(j.predicted());
                correct += right ? 1 : 0;
                int[] counts = perClass.computeIfAbsent(j.truth(), k -> new int[2]);
                counts[0] += right ? 1 : 0;
                counts[1]++;
            } else {
                values++;
                errors += j.error();
            }
        }
        Map<String, Double> recall = new LinkedHashMap<>();
        perClass.forEach((label, counts) -> recall.put(label, (double) counts[0] / counts[1]));
        return new AccuracyWindow(entries.size(), labels == 0 ? Double.NaN : (double) correct / labels, recall,
                values == 0 ? Double.NaN : errors / values);
    }

    /** @return label feedbacks in the window */
    int labelled() {
        return (int) entries().stream().filter(Judged::isLabel).count();
    }

    LabelledWindow labelledWindow(String model, String version, List<String> features) {
        List<Judged> entries = entries();
        List<float[]> rows = new ArrayList<>(entries.size());
        List<String> labels = new ArrayList<>(entries.size());
        double[] values = new double[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Judged j = entries.get(i);
            rows.add(j.row().clone());
            labels.add(j.truth());
            values[i] = j.isLabel() ? Double.NaN : j.truthValue();
        }
        return new LabelledWindow(model, version, features, rows, labels, values);
    }
}
