package org.modelgate.optimize.report;

import java.util.Arrays;

/**
 * Latency of one model through ONNX Runtime on this machine, over timed runs of the reference samples.
 *
 * @param p50Millis the median, in milliseconds
 * @param p99Millis the 99th percentile, in milliseconds
 * @param runs how many runs were timed
 */
public record Latency(double p50Millis, double p99Millis, int runs) {
    /**
     * The percentiles of measured durations.
     *
     * @param nanos the durations, in nanoseconds
     * @return the latency
     */
    public static Latency of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latency(percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, sorted.length);
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
