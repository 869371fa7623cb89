package org.modelgate.monitor.drift;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * For an old moment-only reference (mean and std, no percentiles): the two-sided z-test of the live
 * mean against the reference mean, {@code z = (mean_live - mean_ref) / sqrt(std_ref^2 / n_ref + std_live^2 / n_live)}
 * (a large-sample test; the reference variance stands in when the live one is 0). It sees a shifted
 * mean only, not a changed shape: build a full reference with {@code mgpack reference} for that.
 */
public final class MeanShiftTest {
    /** The statistic's name. */
    public static final String NAME = "meanshift";
    private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

    private MeanShiftTest() {
    }

    /**
     * Tests the live mean against the reference's.
     *
     * @param reference the moment-only profile (mean and std needed)
     * @param current the live values, finite, at least two
     * @return z and its two-sided p-value
     */
    public static StatisticValue test(FeatureProfile reference, double[] current) {
        int n = current.length;
        double mean = 0;
        for (double v : current) {
            mean += v / n;
        }
        double squares = 0;
        for (double v : current) {
            squares += (v - mean) * (v - mean);
        }
        double liveVariance = n > 1 ? squares / (n - 1) : 0;
        double refVariance = reference.std() * reference.std();
        double refN = reference.count() > 0 ? reference.count() : Double.POSITIVE_INFINITY;
        double se = Math.sqrt(refVariance / refN + (liveVariance > 0 ? liveVariance : refVariance) / n);
        double z = se > 0 ? (mean - reference.mean()) / se : (mean == reference.mean() ? 0 : Double.POSITIVE_INFINITY);
        double p = 2 * STANDARD.survivalProbability(Math.abs(z));
        return new StatisticValue(NAME, z, Math.min(1, p));
    }
}
