package org.modelgate.explain;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How much one input feature moved the explained score away from the baseline's score.
 *
 * @param name the feature name (the reference's names, else {@code f0..fn})
 * @param value the feature's value in the request
 * @param attribution its share of the score minus the baseline score (positive: towards the explained class)
 */
@ProviderType
public record FeatureAttribution(String name, double value, double attribution) {
}
