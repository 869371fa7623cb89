package org.modelgate.monitor.health.internal;

/**
 * What a model version answered to one request, kept until its feedback comes.
 *
 * @param model the model
 * @param version the version that answered
 * @param label the predicted class label, or null for a regression (or a classifier without labels)
 * @param value the predicted value (a regression), NaN when none
 * @param inputs the request's input summary (the first row, at most 32 values)
 * @param atMillis when the request started
 */
record Prediction(String model, String version, String label, double value, float[] inputs, long atMillis) {
    boolean isClass() {
        return label != null;
    }
}
