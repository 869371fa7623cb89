package org.modelgate.monitor.drift;

/**
 * The Jensen-Shannon distance between two distributions over the same bins: the square root of the
 * Jensen-Shannon divergence in natural logarithms ({@code scipy.spatial.distance.jensenshannon}),
 * between 0 and sqrt(ln 2) (about 0.83). Drift when it is at least the threshold (Evidently's default
 * for categorical features of references of more than 1000 rows: 0.1).
 */
public final class JensenShannonDistance {
    /** The statistic's name. */
    public static final String NAME = "jensenshannon";

    private JensenShannonDistance() {
    }

    /**
     * The distance between two distributions (normalised here to sum to 1).
     *
     * @param p one distribution's proportions or counts, not negative
     * @param q the other's, over the same bins
     * @return the distance
     */
    public static double of(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("Jensen-Shannon needs the same bins on both sides, got " + p.length + " and " + q.length);
        }
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < p.length; i++) {
            sp += p[i];
            sq += q[i];
        }
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] / sp;
            double b = q[i] / sq;
            double m = (a + b) / 2;
            divergence += (a > 0 ? a * Math.log(a / m) : 0) + (b > 0 ? b * Math.log(b / m) : 0);
        }
        return Math.sqrt(Math.max(0, divergence / 2));
    }

    /**
     * The distance of live values from a reference histogram (empty bins as {@link Histogram#EMPTY_BIN_PROPORTION}).
     *
     * @param reference the reference's bins and counts
     * @param current the live values, finite
     * @return the distance
     */
    public static StatisticValue between(Histogram reference, double[] current) {
        return new StatisticValue(NAME, of(Histogram.proportions(reference.counts()), Histogram.proportions(reference.countsOf(current))),
                Double.NaN);
    }

    /**
     * The distance of live counts from reference counts over the same categories.
     *
     * @param reference the reference counts
     * @param current the live counts
     * @return the distance
     */
    public static StatisticValue between(long[] reference, long[] current) {
        return new StatisticValue(NAME, of(Histogram.proportions(reference), Histogram.proportions(current)), Double.NaN);
    }
}
