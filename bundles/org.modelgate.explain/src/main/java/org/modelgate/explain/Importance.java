package org.modelgate.explain;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Permutation importance of a model's input features over labelled rows.
 *
 * @param model the model name
 * @param version the version that served the rows
 * @param rows the labelled rows used
 * @param repeats the shuffles per feature
 * @param accuracy the accuracy on the rows as they are
 * @param features one per input feature, most important first
 * @param inferences the rows run through the model (its cost: rows x (features x repeats + 1))
 */
@ProviderType
public record Importance(String model, String version, int rows, int repeats, double accuracy,
        List<FeatureImportance> features, long inferences) {
    /**
     * Copies the list.
     */
    public Importance {
        features = List.copyOf(features);
    }
}
