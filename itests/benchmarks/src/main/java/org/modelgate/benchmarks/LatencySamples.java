package org.modelgate.benchmarks;

import java.util.Arrays;

/** Per-request latencies of one side of a comparison, in nanoseconds. */
final class LatencySamples {
    private long[] nanos = new long[1024];
    private int count;
    private long busyNanos;

    void add(long elapsed) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = elapsed;
        busyNanos += elapsed;
    }

    /** Hands every sample to {@code sink}, in the order taken. */
    void forEach(java.util.function.LongConsumer sink) {
        for (int i = 0; i < count; i++) {
            sink.accept(nanos[i]);
        }
    }

    int count() {
        return count;
    }

    double percentileMillis(double p) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100.0 * count) - 1));
        return sorted[index] / 1e6;
    }

    double meanMillis() {
        return busyNanos / 1e6 / count;
    }

    /** Requests per second of busy time (one caller thread). */
    double throughput() {
        return count / (busyNanos / 1e9);
    }
}
