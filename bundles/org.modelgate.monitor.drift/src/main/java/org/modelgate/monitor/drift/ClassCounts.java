package org.modelgate.monitor.drift;

import java.util.Arrays;
import java.util.List;

/**
 * How often a classifier predicted each class (the arg-max of its output) on the reference data: what
 * prediction drift compares live predictions with.
 *
 * @param labels the class names in the order of the model's output, or {@code class_0 ...} when unnamed
 * @param counts the predictions per class
 */
public record ClassCounts(List<String> labels, long[] counts) {
    /**
     * Checks the shape.
     *
     * @throws IllegalArgumentException when labels and counts disagree
     */
    public ClassCounts {
        labels = List.copyOf(labels);
        if (labels.isEmpty() || labels.size() != counts.length) {
            throw new IllegalArgumentException("class counts need one count per label, got " + labels.size()
                    + " labels and " + counts.length + " counts");
        }
        counts = counts.clone();
    }

    /** @return the total number of predictions */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassCounts c && labels.equals(c.labels) && Arrays.equals(counts, c.counts);
    }

    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ClassCounts" + labels + Arrays.toString(counts);
    }
}
