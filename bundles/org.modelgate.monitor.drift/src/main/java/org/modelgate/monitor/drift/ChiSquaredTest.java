package org.modelgate.monitor.drift;

import org.apache.commons.statistics.inference.ChiSquareTest;

/**
 * Pearson's chi-squared goodness-of-fit test of live category counts against the reference's
 * proportions (Apache Commons Statistics), for categorical features and predicted labels. A category
 * the reference never saw is expected with {@link Histogram#EMPTY_BIN_PROPORTION}, so it raises the
 * statistic instead of dividing by zero. Drift when the p-value is below the threshold (Evidently's
 * default for categorical features of references of at most 1000 rows: 0.05).
 */
public final class ChiSquaredTest {
    /** The statistic's name. */
    public static final String NAME = "chisquared";
    private static final ChiSquareTest TEST = ChiSquareTest.withDefaults();

    private ChiSquaredTest() {
    }

    /**
     * Tests live counts against reference counts over the same categories.
     *
     * @param reference the reference counts
     * @param current the live counts, at least one
     * @return the chi-squared statistic and its p-value
     */
    public static StatisticValue test(long[] reference, long[] current) {
        if (reference.length != current.length || reference.length < 2) {
            throw new IllegalArgumentException("chi-squared needs at least two categories, the same on both sides; got "
                    + reference.length + " and " + current.length);
        }
        double[] expected = Histogram.proportions(reference);
        var result = TEST.test(expected, current);
        return new StatisticValue(NAME, result.getStatistic(), result.getPValue());
    }
}
