package org.modelgate.monitor.drift;

/**
 * One statistic computed between the reference and a live window.
 *
 * @param statistic its name: {@code ks}, {@code wasserstein}, {@code psi}, {@code jensenshannon},
 *     {@code chisquared} or {@code meanshift}
 * @param value the statistic (a distance, an index or a test statistic)
 * @param pValue the p-value of a test, NaN for a distance
 */
public record StatisticValue(String statistic, double value, double pValue) {
    /** @return true when this is a test with a p-value */
    public boolean isTest() {
        return !Double.isNaN(pValue);
    }
}
