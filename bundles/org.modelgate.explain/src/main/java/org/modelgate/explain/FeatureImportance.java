package org.modelgate.explain;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The permutation importance of one feature.
 *
 * @param name the feature name
 * @param importance the mean drop in accuracy when the feature's column is shuffled
 * @param std the standard deviation of that drop over the repeats
 */
@ProviderType
public record FeatureImportance(String name, double importance, double std) {
}
