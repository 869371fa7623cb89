package org.modelgate.monitor.health;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The recent inputs that got feedback, with their truth: what permutation importance needs.
 *
 * @param model the model
 * @param version the version that predicted them, or null when none
 * @param features the input feature names
 * @param rows the input rows (at most the first 32 values of each request)
 * @param labels per row the true label, null entries for regression
 * @param values per row the true value, NaN for labels
 */
@ProviderType
public record LabelledWindow(String model, String version, List<String> features, List<float[]> rows,
        List<String> labels, double[] values) {
    /**
     * Copies the lists (labels may hold nulls) and the values.
     */
    public LabelledWindow {
        features = List.copyOf(features);
        rows = List.copyOf(rows);
        labels = Collections.unmodifiableList(new ArrayList<>(labels));
        values = values.clone();
    }

    /** @return a copy of the values */
    @Override
    public double[] values() {
        return values.clone();
    }
}
