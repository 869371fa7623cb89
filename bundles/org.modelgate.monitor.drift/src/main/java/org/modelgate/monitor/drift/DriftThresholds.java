package org.modelgate.monitor.drift;

/**
 * When a statistic counts as drift; model.json {@code "monitor": {"thresholds": {...}}}. The defaults are
 * Evidently's (docs.evidentlyai.com, "Data drift algorithm" and the list of drift methods): tests drift
 * when the p-value is below 0.05, distances when they reach 0.1, PSI from 0.1, the data set when at
 * least half its features drifted.
 *
 * @param ksPValue Kolmogorov-Smirnov drifts below this p-value
 * @param chiSquaredPValue chi-squared (and the mean-shift z-test) drifts below this p-value
 * @param wasserstein the normed Wasserstein distance drifts at or above this
 * @param jensenShannon the Jensen-Shannon distance drifts at or above this
 * @param psi PSI drifts at or above this (a moderate shift)
 * @param psiSignificant PSI at or above this is reported as a significant shift
 * @param driftShare the data set drifts when at least this share of its features drifted
 * @param largeReference a reference of more rows than this is large: distances instead of tests
 */
public record DriftThresholds(double ksPValue, double chiSquaredPValue, double wasserstein, double jensenShannon, double psi,
        double psiSignificant, double driftShare, long largeReference) {
    /** Evidently's defaults. */
    public static final DriftThresholds DEFAULTS = new DriftThresholds(0.05, 0.05, 0.1, 0.1, 0.1, 0.25, 0.5, 1000);

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the value out of range
     */
    public DriftThresholds {
        probability("ksPValue", ksPValue);
        probability("chiSquaredPValue", chiSquaredPValue);
        positive("wasserstein", wasserstein);
        positive("jensenShannon", jensenShannon);
        positive("psi", psi);
        positive("psiSignificant", psiSignificant);
        if (!(driftShare > 0 && driftShare <= 1)) {
            throw new IllegalArgumentException("driftShare must be above 0 and at most 1, got " + driftShare);
        }
        if (psiSignificant < psi) {
            throw new IllegalArgumentException("psiSignificant (" + psiSignificant + ") must not be below psi (" + psi + ")");
        }
        if (largeReference < 0) {
            throw new IllegalArgumentException("largeReference must not be negative, got " + largeReference);
        }
    }

    private static void probability(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be a p-value between 0 and 1, got " + value);
        }
    }

    private static void positive(String name, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " must be above 0, got " + value);
        }
    }
}
