package org.modelgate.traffic.internal;

import java.util.Arrays;

import org.modelgate.spi.InferenceRecord;

/**
 * What one version did during a policy: requests answered (a rejected request is the client's mistake and is not
 * counted), how many failed, and the latencies of the last {@code capacity} successful ones for the p95. Written by
 * the monitor's thread, read by the evaluation's.
 */
final class VersionTally {
    private final long[] latencies;
    private int next;
    private int filled;
    private long answered;
    private long failed;

    VersionTally(int capacity) {
        latencies = new long[Math.max(20, capacity)];
    }

    synchronized void add(InferenceRecord record) {
        if (record.outcome() == InferenceRecord.Outcome.REJECTED) {
            return;
        }
        answered++;
        if (record.outcome() == InferenceRecord.Outcome.FAILED) {
            failed++;
            return;
        }
        latencies[next] = record.latencyNanos();
        next = (next + 1) % latencies.length;
        filled = Math.min(filled + 1, latencies.length);
    }

    synchronized long answered() {
        return answered;
    }

    synchronized long failed() {
        return failed;
    }

    /** Share of the answered requests that failed; NaN before the first. */
    synchronized double errorRate() {
        return answered == 0 ? Double.NaN : (double) failed / answered;
    }

    synchronized int latencyCount() {
        return filled;
    }

    /** The 95th percentile of the kept latencies (nearest rank), in nanoseconds; NaN before the first. */
    synchronized double p95Nanos() {
        if (filled == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(latencies, filled);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.95 * filled) - 1;
        return sorted[Math.max(0, rank)];
    }
}
