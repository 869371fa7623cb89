package org.modelgate.monitor.drift;

import java.util.Arrays;

/**
 * The first Wasserstein (earth mover's) distance between two samples, the area between their empirical
 * distribution functions ({@code scipy.stats.wasserstein_distance}), divided by the reference's
 * standard deviation (at least 0.001) so it reads in reference standard deviations, as Evidently's
 * {@code wasserstein} test does. Drift when it is at least the threshold (Evidently's default for
 * numeric features of references of more than 1000 rows: 0.1).
 */
public final class WassersteinDistance {
    /** The statistic's name. */
    public static final String NAME = "wasserstein";
    /** The smallest standard deviation divided by (Evidently's floor), so a constant feature stays finite. */
    public static final double MIN_NORM = 0.001;

    private WassersteinDistance() {
    }

    /**
     * The distance between two samples, in the samples' units.
     *
     * @param u one sample, finite, not empty
     * @param v the other sample, finite, not empty
     * @return the integral of |F_u(x) - F_v(x)| over x
     */
    public static double between(double[] u, double[] v) {
        double[] a = u.clone();
        double[] b = v.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0;
        int j = 0;
        double area = 0;
        double x = Math.min(a[0], b[0]);
        while (i < a.length || j < b.length) {
            double next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            area += Math.abs((double) i / a.length - (double) j / b.length) * (next - x);
            x = next;
            while (i < a.length && a[i] == next) {
                i++;
            }
            while (j < b.length && b[j] == next) {
                j++;
            }
        }
        return area;
    }

    /**
     * The distance divided by the reference's standard deviation.
     *
     * @param reference the reference sample
     * @param referenceStd the reference's standard deviation
     * @param current the live values
     * @return the normed distance
     */
    public static StatisticValue normed(double[] reference, double referenceStd, double[] current) {
        double norm = Double.isFinite(referenceStd) ? Math.max(referenceStd, MIN_NORM) : MIN_NORM;
        return new StatisticValue(NAME, between(reference, current) / norm, Double.NaN);
    }
}
