package org.modelgate.monitor.drift;

import java.util.Arrays;

/**
 * How many reference values fell into each bin of one numeric feature, the bins that PSI and the
 * Jensen-Shannon distance compare. The outer bins are open-ended: a live value below {@code edges[1]}
 * counts in the first bin, one at or above {@code edges[k - 1]} in the last, so nothing falls outside.
 *
 * <pre>
 * Histogram h = new Histogram(new double[] {4.3, 5.0, 5.8, 7.9}, new long[] {30, 40, 35});
 * h.binOf(9.0);   // 2: the last bin takes everything above
 * </pre>
 *
 * @param edges the bin edges, ascending and strictly increasing, one more than there are bins
 * @param counts the reference values per bin
 */
public record Histogram(double[] edges, long[] counts) {
    /** The proportion an empty bin is given, so a logarithm or ratio stays finite (Evidently's choice). */
    public static final double EMPTY_BIN_PROPORTION = 1e-4;

    /**
     * Checks the shape.
     *
     * @throws IllegalArgumentException when edges and counts disagree or edges do not increase
     */
    public Histogram {
        if (edges.length < 2 || counts.length != edges.length - 1) {
            throw new IllegalArgumentException("a histogram needs k+1 edges for k counts, got " + edges.length
                    + " edges and " + counts.length + " counts");
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("histogram edges must increase, but edge " + i + " (" + edges[i]
                        + ") is not above edge " + (i - 1) + " (" + edges[i - 1] + ")");
            }
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("histogram counts must not be negative, got " + c);
            }
        }
        edges = edges.clone();
        counts = counts.clone();
    }

    /** @return the number of bins */
    public int bins() {
        return counts.length;
    }

    /**
     * Returns the bin a value falls into: bin {@code i} holds {@code edges[i] <= x < edges[i+1]}, the
     * outer bins are open-ended.
     *
     * @param value a finite value
     * @return the bin index
     */
    public int binOf(double value) {
        int search = Arrays.binarySearch(edges, 1, edges.length - 1, value);
        int bin = search >= 0 ? search : -search - 2;
        return Math.max(0, Math.min(counts.length - 1, bin));
    }

    /**
     * Counts values into these bins.
     *
     * @param values finite values
     * @return the count per bin
     */
    public long[] countsOf(double[] values) {
        long[] result = new long[counts.length];
        for (double v : values) {
            result[binOf(v)]++;
        }
        return result;
    }

    /**
     * Turns counts into proportions, an empty bin getting {@link #EMPTY_BIN_PROPORTION}.
     *
     * @param counts counts per bin
     * @return proportions per bin
     */
    public static double[] proportions(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] p = new double[counts.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = counts[i] == 0 || total == 0 ? EMPTY_BIN_PROPORTION : (double) counts[i] / total;
        }
        return p;
    }

    @Override
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Arrays.equals(edges, h.edges) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram" + Arrays.toString(edges) + Arrays.toString(counts);
    }
}
