package org.modelgate.explain;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How sure a classifier is of one prediction, from its class probabilities.
 *
 * @param max the largest probability (the predicted class's)
 * @param margin the largest minus the second largest probability (the largest itself for one class)
 * @param entropy the Shannon entropy of the probabilities in nats (0 for a certain prediction, ln(classes) at most)
 */
@ProviderType
public record Confidence(double max, double margin, double entropy) {
}
