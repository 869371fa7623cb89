package org.modelgate.explain;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A classifier's output row read as a prediction.
 *
 * <p>The row is taken as probabilities when it already is a distribution (every value in [0,1], sum 1 within
 * 1e-3); otherwise softmax is applied. A row of one value is a binary classifier's probability of class 1 (a
 * sigmoid output), or a logit when it lies outside [0,1].
 *
 * @param predicted the predicted class (the most probable)
 * @param probabilities the class probabilities, in output order
 * @param confidence max, margin and entropy
 * @param top the most probable classes, most probable first
 */
@ProviderType
public record Classification(ScoredLabel predicted, double[] probabilities, Confidence confidence, List<ScoredLabel> top) {
    /**
     * Copies the arrays.
     */
    public Classification {
        probabilities = probabilities.clone();
        top = List.copyOf(top);
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }
}
