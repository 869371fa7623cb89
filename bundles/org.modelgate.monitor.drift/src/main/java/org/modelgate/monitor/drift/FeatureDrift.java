package org.modelgate.monitor.drift;

/**
 * The verdict on one feature (or on a classifier's predictions or confidence) of a live window.
 *
 * @param feature the feature's name ({@code predictions} or {@code confidence} for the outputs)
 * @param decidedBy the statistic that decided: its value, and its p-value for a test
 * @param threshold the threshold it was held against (a p-value for a test, else a distance)
 * @param drifted true when it crossed the threshold
 * @param psi the population stability index over the reference's bins, reported beside the verdict; NaN without bins
 * @param psiLevel {@code stable} (below {@link DriftThresholds#psi()}), {@code moderate}, {@code significant}
 *     (from {@link DriftThresholds#psiSignificant()}), or {@code unknown} without bins
 * @param samples the finite live values judged
 * @param nonFinite the NaN and infinite live values seen and left out since the window began
 */
public record FeatureDrift(String feature, StatisticValue decidedBy, double threshold, boolean drifted, double psi, String psiLevel,
        int samples, long nonFinite) {
}
