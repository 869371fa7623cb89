package org.modelgate.monitor.drift;

import java.util.Arrays;

/**
 * The distinct values of a feature that takes few of them (at most {@link #MAX_DISTINCT}), with how
 * often each occurred in the reference: such a feature is compared as categorical (chi-squared or
 * Jensen-Shannon), as Evidently does for numeric columns with {@code n_unique <= 5}.
 *
 * @param values the distinct values, ascending
 * @param counts how many reference rows had each
 */
public record Categories(double[] values, long[] counts) {
    /** A numeric feature with at most this many distinct values is categorical (Evidently's rule). */
    public static final int MAX_DISTINCT = 5;

    /**
     * Checks the shape.
     *
     * @throws IllegalArgumentException when values and counts disagree or values do not increase
     */
    public Categories {
        if (values.length == 0 || values.length != counts.length) {
            throw new IllegalArgumentException("categories need as many counts as values, got " + values.length
                    + " values and " + counts.length + " counts");
        }
        for (int i = 1; i < values.length; i++) {
            if (!(values[i] > values[i - 1])) {
                throw new IllegalArgumentException("category values must be distinct and ascending, got " + Arrays.toString(values));
            }
        }
        values = values.clone();
        counts = counts.clone();
    }

    /**
     * Counts live values per category; values that are no category go into one extra, last slot.
     *
     * @param live finite values
     * @return {@code values().length + 1} counts
     */
    public long[] countsOf(double[] live) {
        long[] result = new long[values.length + 1];
        for (double v : live) {
            int i = Arrays.binarySearch(values, v);
            result[i >= 0 ? i : values.length]++;
        }
        return result;
    }

    /** @return the reference counts with a last slot of 0 for "no category", aligned with {@link #countsOf} */
    public long[] referenceCountsWithOther() {
        return Arrays.copyOf(counts, counts.length + 1);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Categories c && Arrays.equals(values, c.values) && Arrays.equals(counts, c.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Categories" + Arrays.toString(values) + Arrays.toString(counts);
    }
}
