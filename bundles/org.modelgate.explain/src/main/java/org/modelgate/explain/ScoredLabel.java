package org.modelgate.explain;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One class of a classifier's output with its probability.
 *
 * @param label the class label from model.json {@code "labels"}, or {@code class_<index>} when it has none
 * @param index the position of the class in the output row
 * @param score the class's probability
 */
@ProviderType
public record ScoredLabel(String label, int index, double score) {
}
