package org.modelgate.monitor.health.internal;

import java.util.Arrays;

/**
 * The latencies and start times of a version's last requests, in a ring of fixed size: memory is fixed when
 * the version is first seen. Not thread-safe; its owner locks.
 */
final class LatencyRing {
    private final double[] millis;
    private final long[] starts;
    private long added;

    LatencyRing(int size) {
        millis = new double[size];
        starts = new long[size];
    }

    void add(double latencyMillis, long startMillis) {
        int slot = (int) (added % millis.length);
        millis[slot] = latencyMillis;
        starts[slot] = startMillis;
        added++;
    }

    int count() {
        return (int) Math.min(added, millis.length);
    }

    /** @return the latencies in the window, sorted */
    double[] sorted() {
        double[] values = Arrays.copyOf(millis, count());
        Arrays.sort(values);
        return values;
    }

    /** Requests per second from the oldest start in the window until now (at least one second). */
    double requestsPerSecond(long nowMillis) {
        int n = count();
        if (n == 0) {
            return 0;
        }
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            oldest = Math.min(oldest, starts[i]);
        }
        double seconds = Math.max(1.0, (nowMillis - oldest) / 1000.0);
        return n / seconds;
    }

    /** The p-th percentile (0..100) of sorted values, numpy's linear interpolation; NaN when empty. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = p / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
