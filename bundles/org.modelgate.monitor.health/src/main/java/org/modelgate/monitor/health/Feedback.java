package org.modelgate.monitor.health;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Ground truth for one prediction: exactly one of a class label (classifiers) or a value (regression).
 *
 * @param label the true class label, or null for a value
 * @param value the true value, NaN for a label
 */
@ProviderType
public record Feedback(String label, double value) {
    /**
     * The true class of a classifier's prediction.
     *
     * @param label one of the model's labels (model.json {@code labels})
     * @return the feedback
     */
    public static Feedback ofLabel(String label) {
        return new Feedback(label, Double.NaN);
    }

    /**
     * The true value of a regression's prediction.
     *
     * @param value the value (finite)
     * @return the feedback
     */
    public static Feedback ofValue(double value) {
        return new Feedback(null, value);
    }

    /** @return true for a label, false for a value */
    public boolean isLabel() {
        return label != null;
    }
}
