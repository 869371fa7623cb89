package org.modelgate.monitor.health;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Accuracy of a model version over its recent feedback.
 *
 * @param labelled feedbacks in the window (labels and values)
 * @param accuracy the share of label feedbacks that matched the prediction, NaN when no label feedback
 * @param recall per class label (of the true class): the share predicted right; classes without feedback left out
 * @param meanAbsoluteError mean |predicted - value| of value feedbacks, NaN unless values
 */
@ProviderType
public record AccuracyWindow(long labelled, double accuracy, Map<String, Double> recall, double meanAbsoluteError) {
    /**
     * Copies the map.
     */
    public AccuracyWindow {
        recall = Map.copyOf(recall);
    }
}
