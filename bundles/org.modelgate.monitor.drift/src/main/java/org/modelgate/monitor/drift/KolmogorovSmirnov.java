package org.modelgate.monitor.drift;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * The two-sample Kolmogorov-Smirnov test: the largest distance D between the two empirical
 * distribution functions, and the p-value of seeing a D that large when both samples come from one
 * distribution (Apache Commons Statistics: exact for small samples, asymptotic otherwise). Drift when
 * the p-value is below the threshold (Evidently's default for numeric features of references of at most
 * 1000 rows: 0.05).
 */
public final class KolmogorovSmirnov {
    /** The statistic's name. */
    public static final String NAME = "ks";
    private static final KolmogorovSmirnovTest TEST = KolmogorovSmirnovTest.withDefaults();

    private KolmogorovSmirnov() {
    }

    /**
     * Tests whether two samples come from one distribution.
     *
     * @param reference the reference sample ({@link FeatureProfile#referenceSample()})
     * @param current the live values, finite
     * @return D and its two-sided p-value
     */
    public static StatisticValue test(double[] reference, double[] current) {
        KolmogorovSmirnovTest.TwoResult result = TEST.test(reference, current);
        return new StatisticValue(NAME, result.getStatistic(), result.getPValue());
    }
}
