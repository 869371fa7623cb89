package org.modelgate.explain;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The attribution of one request's prediction to its input features.
 *
 * @param method the method used
 * @param baseline what features were replaced with: {@code "reference mean"}
 * @param target the class whose probability is explained (the predicted class)
 * @param score the target's probability on the request
 * @param baselineScore the target's probability on the baseline row (all features at their reference means)
 * @param features one per input feature, in input order
 * @param inferences the rows run through the model for this attribution (its cost)
 */
@ProviderType
public record Attribution(AttributionMethod method, String baseline, ScoredLabel target, double score,
        double baselineScore, List<FeatureAttribution> features, int inferences) {
    /** The baseline every attribution uses. */
    public static final String REFERENCE_MEAN = "reference mean";

    /**
     * Copies the list.
     */
    public Attribution {
        features = List.copyOf(features);
    }
}
