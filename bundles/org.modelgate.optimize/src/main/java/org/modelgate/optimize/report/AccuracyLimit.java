package org.modelgate.optimize.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The accuracy an optimized model may lose: below these figures the result is refused with them, unless forced
 * ({@code --force}). Command-line options {@code --min_cosine} and {@code --min_agreement}.
 *
 * @param minMeanCosine the lowest mean cosine similarity accepted for embeddings
 * @param minAgreement the lowest share of arg-max agreement accepted for classifiers, 0..1
 * @param maxAccuracyDrop the most label accuracy (0..1) a classifier may lose against the original
 */
public record AccuracyLimit(double minMeanCosine, double minAgreement, double maxAccuracyDrop) {
    /** The defaults: mean cosine 0.98, agreement 0.98, one point of accuracy. */
    public static final AccuracyLimit DEFAULT = new AccuracyLimit(0.98, 0.98, 0.01);

    /**
     * What a candidate lost beyond the limit, with the figures.
     *
     * @param original the original's accuracy (its label accuracy is the baseline)
     * @param candidate the candidate's
     * @return the reason to refuse, empty when it is within the limit
     */
    public Optional<String> violation(Accuracy original, Accuracy candidate) {
        List<String> reasons = new ArrayList<>();
        if (!Double.isNaN(candidate.meanCosine()) && candidate.meanCosine() < minMeanCosine) {
            reasons.add(String.format(Locale.ROOT, "mean cosine similarity %.6f is below %.6f (smallest %.6f)",
                    candidate.meanCosine(), minMeanCosine, candidate.minCosine()));
        }
        if (!Double.isNaN(candidate.agreement()) && candidate.agreement() < minAgreement) {
            reasons.add(String.format(Locale.ROOT, "agreement with the original %.2f%% is below %.2f%%",
                    candidate.agreement() * 100, minAgreement * 100));
        }
        if (!Double.isNaN(candidate.labelAccuracy()) && !Double.isNaN(original.labelAccuracy())
                && original.labelAccuracy() - candidate.labelAccuracy() > maxAccuracyDrop + 1e-12) {
            reasons.add(String.format(Locale.ROOT, "accuracy fell from %.2f%% to %.2f%% (at most %.2f points allowed)",
                    original.labelAccuracy() * 100, candidate.labelAccuracy() * 100, maxAccuracyDrop * 100));
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }
}
