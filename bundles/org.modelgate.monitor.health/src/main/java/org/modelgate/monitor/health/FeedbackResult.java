package org.modelgate.monitor.health;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A feedback compared with the prediction it concerns.
 *
 * @param model the model
 * @param version the version that made the prediction
 * @param requestId the request id
 * @param predicted what the model predicted: the label (classifiers) or the value as text (regression)
 * @param correct the label matched (classifiers); for regression, whether the error was 0
 * @param error |predicted - value| for regression, NaN for labels
 */
@ProviderType
public record FeedbackResult(String model, String version, String requestId, String predicted, boolean correct,
        double error) {
}
