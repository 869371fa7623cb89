package org.modelgate.monitor.drift;

/**
 * The population stability index over the reference's bins:
 * {@code PSI = sum over bins of (actual - expected) * ln(actual / expected)}, proportions, an empty bin
 * counted as {@link Histogram#EMPTY_BIN_PROPORTION}. Below 0.1 the population is read as stable, from
 * 0.1 a moderate shift, from 0.25 a significant one; Evidently flags drift from 0.1.
 */
public final class PopulationStabilityIndex {
    /** The statistic's name. */
    public static final String NAME = "psi";

    private PopulationStabilityIndex() {
    }

    /**
     * The index of two distributions over the same bins.
     *
     * @param expected the reference proportions, all above 0
     * @param actual the live proportions, all above 0
     * @return the index, 0 for identical proportions
     */
    public static double of(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("PSI needs the same bins on both sides, got " + expected.length + " and " + actual.length);
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            psi += (actual[i] - expected[i]) * Math.log(actual[i] / expected[i]);
        }
        return psi;
    }

    /**
     * The index of live values against a reference histogram.
     *
     * @param reference the reference's bins and counts
     * @param current the live values, finite
     * @return the index
     */
    public static StatisticValue between(Histogram reference, double[] current) {
        return new StatisticValue(NAME, of(Histogram.proportions(reference.counts()), Histogram.proportions(reference.countsOf(current))),
                Double.NaN);
    }

    /**
     * The index of live counts against reference counts over the same categories.
     *
     * @param reference the reference counts
     * @param current the live counts
     * @return the index
     */
    public static StatisticValue between(long[] reference, long[] current) {
        return new StatisticValue(NAME, of(Histogram.proportions(reference), Histogram.proportions(current)), Double.NaN);
    }
}
