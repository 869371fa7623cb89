package org.modelgate.monitor.drift;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one feature (one position of a tensor's last dimension) looked like in the reference data:
 * moments always; percentiles, a histogram and, for features of few values, their categories when
 * the profile was built by {@link #of} (an old moment-only {@code reference} has moments alone).
 *
 * <pre>
 * FeatureProfile petalLength = FeatureProfile.of("petal_length", trainingColumn);
 * petalLength.quantiles();   // 101 values: the 0th, 1st, ..., 100th percentile
 * </pre>
 *
 * @param name the feature's name ({@code input[2]} when the data named none)
 * @param count the finite reference values the statistics come from (0 when unknown)
 * @param mean the mean
 * @param std the standard deviation (population, divided by the count, as numpy's {@code std}); NaN when not given
 * @param min the smallest value
 * @param max the largest value
 * @param quantiles the percentiles at evenly spaced probabilities {@code j / (length - 1)}, ascending;
 *     empty for a moment-only profile
 * @param histogram the reference counts over bins at its deciles, or null for a moment-only profile
 * @param categories the distinct values when there are at most {@link Categories#MAX_DISTINCT}, else null
 */
public record FeatureProfile(String name, long count, double mean, double std, double min, double max, double[] quantiles,
        Histogram histogram, Categories categories) {
    /** How many percentiles {@link #of} keeps: the 0th to the 100th. */
    public static final int QUANTILES = 101;
    /** How many bins {@link #of} aims at (deciles; fewer when deciles coincide). */
    public static final int BINS = 10;
    /** The largest reference sample rebuilt from the percentiles for the two-sample tests. */
    public static final int MAX_REFERENCE_SAMPLE = 20_000;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException for a negative count or std, or unsorted quantiles
     */
    public FeatureProfile {
        Objects.requireNonNull(name, "name");
        quantiles = quantiles == null ? new double[0] : quantiles.clone();
        if (count < 0 || std < 0) {
            throw new IllegalArgumentException("feature '" + name + "': count and std must not be negative");
        }
        if (quantiles.length == 1) {
            throw new IllegalArgumentException("feature '" + name + "': give at least two quantiles (the 0th and the 100th percentile)");
        }
        for (int i = 1; i < quantiles.length; i++) {
            if (quantiles[i] < quantiles[i - 1]) {
                throw new IllegalArgumentException("feature '" + name + "': quantiles must not decrease, but quantile " + i
                        + " (" + quantiles[i] + ") is below quantile " + (i - 1) + " (" + quantiles[i - 1] + ")");
            }
        }
    }

    /**
     * Profiles the reference values of one feature; non-finite values (NaN, infinities) are left out.
     *
     * @param name the feature's name
     * @param values the reference values
     * @return the profile with moments, 101 percentiles, a decile histogram and, for at most five
     *     distinct values, the categories
     * @throws IllegalArgumentException when no value is finite
     */
    public static FeatureProfile of(String name, double[] values) {
        double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            throw new IllegalArgumentException("feature '" + name + "' has no finite reference value");
        }
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : sorted) {
            squares += (v - mean) * (v - mean);
        }
        double[] quantiles = new double[QUANTILES];
        for (int j = 0; j < QUANTILES; j++) {
            quantiles[j] = quantileOfSorted(sorted, (double) j / (QUANTILES - 1));
        }
        return new FeatureProfile(name, n, mean, Math.sqrt(squares / n), sorted[0], sorted[n - 1], quantiles,
                decileHistogram(sorted), categories(sorted));
    }

    /** @return true when percentiles are known, so the distribution tests apply (else only moments) */
    public boolean hasDistribution() {
        return quantiles.length >= 2 || categories != null;
    }

    /**
     * Rebuilds a reference sample for the two-sample tests: the categories' values as counted, else
     * {@code min(count, MAX_REFERENCE_SAMPLE)} values at the probabilities {@code (i + 0.5) / n} of the
     * percentile function (linear between percentiles): the reference's distribution, exact at every
     * percentile.
     *
     * @return the sample, ascending; empty for a moment-only profile
     */
    public double[] referenceSample() {
        if (categories != null) {
            long[] counts = categories.counts();
            double[] values = categories.values();
            double[] sample = new double[(int) Math.min(Arrays.stream(counts).sum(), MAX_REFERENCE_SAMPLE)];
            long total = Arrays.stream(counts).sum();
            int at = 0;
            for (int i = 0; i < values.length && at < sample.length; i++) {
                long share = Math.round((double) counts[i] * sample.length / total);
                for (long k = 0; k < share && at < sample.length; k++) {
                    sample[at++] = values[i];
                }
            }
            return Arrays.copyOf(sample, at);
        }
        if (quantiles.length < 2) {
            return new double[0];
        }
        int n = (int) Math.max(2, Math.min(count == 0 ? QUANTILES : count, MAX_REFERENCE_SAMPLE));
        double[] sample = new double[n];
        for (int i = 0; i < n; i++) {
            sample[i] = quantileOfGrid((i + 0.5) / n);
        }
        return sample;
    }

    /**
     * The value at a probability, linear between this profile's percentiles.
     *
     * @param p a probability in [0, 1]
     * @return the quantile
     */
    public double quantileOfGrid(double p) {
        double position = p * (quantiles.length - 1);
        int below = (int) Math.floor(position);
        if (below >= quantiles.length - 1) {
            return quantiles[quantiles.length - 1];
        }
        double fraction = position - below;
        return quantiles[below] + fraction * (quantiles[below + 1] - quantiles[below]);
    }

    /** Numpy's default ("linear") quantile of sorted values. */
    static double quantileOfSorted(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        if (below >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
    }

    private static Histogram decileHistogram(double[] sorted) {
        double[] edges = new double[BINS + 1];
        int k = 0;
        for (int i = 0; i <= BINS; i++) {
            double edge = quantileOfSorted(sorted, (double) i / BINS);
            if (k == 0 || edge > edges[k - 1]) {
                edges[k++] = edge;
            }
        }
        if (k == 1) {
            // one value only: one bin just above it
            edges[k++] = Math.nextUp(edges[0]);
        }
        Histogram empty = new Histogram(Arrays.copyOf(edges, k), new long[k - 1]);
        return new Histogram(empty.edges(), empty.countsOf(sorted));
    }

    private static Categories categories(double[] sorted) {
        double[] values = new double[Categories.MAX_DISTINCT];
        long[] counts = new long[Categories.MAX_DISTINCT];
        int k = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (k == 0 || sorted[i] != values[k - 1]) {
                if (k == Categories.MAX_DISTINCT) {
                    return null;
                }
                values[k++] = sorted[i];
            }
            counts[k - 1]++;
        }
        return new Categories(Arrays.copyOf(values, k), Arrays.copyOf(counts, k));
    }

    @Override
    public double[] quantiles() {
        return quantiles.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureProfile f && name.equals(f.name) && count == f.count && Double.compare(mean, f.mean) == 0
                && Double.compare(std, f.std) == 0 && Double.compare(min, f.min) == 0 && Double.compare(max, f.max) == 0
                && Arrays.equals(quantiles, f.quantiles) && Objects.equals(histogram, f.histogram)
                && Objects.equals(categories, f.categories);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, count, mean, std, min, max, Arrays.hashCode(quantiles), histogram, categories);
    }

    @Override
    public String toString() {
        return "FeatureProfile[" + name + ", count=" + count + ", mean=" + mean + ", std=" + std + ", min=" + min + ", max=" + max
                + (quantiles.length > 0 ? ", " + quantiles.length + " quantiles" : "") + (histogram != null ? ", " + histogram : "")
                + (categories != null ? ", " + categories : "") + "]";
    }
}
