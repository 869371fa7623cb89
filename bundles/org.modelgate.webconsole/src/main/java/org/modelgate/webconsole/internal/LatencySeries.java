package org.modelgate.webconsole.internal;

import java.util.Arrays;

/**
 * The last {@value #SECONDS} seconds of one model version's traffic in one-second buckets: requests,
 * failures and a sample of latencies per second, in memory fixed at construction. A record of a
 * second that the ring has moved past is dropped; a bucket is reused for the second that falls on it
 * {@value #SECONDS} seconds later.
 *
 * <p>Each bucket keeps up to {@value #SAMPLES_PER_SECOND} latencies; beyond that a reservoir sample
 * (every latency of the second has the same chance to be kept), so p50 and p95 are exact up to that
 * many requests per second and estimates above. Written by the monitor's thread, read by the page's
 * requests: methods are synchronized (never on the inference path).
 */
final class LatencySeries {
    /** How many seconds the series covers. */
    static final int SECONDS = 600;
    /** How many latencies one second keeps. */
    static final int SAMPLES_PER_SECOND = 32;

    private final long[] second = new long[SECONDS];
    private final int[] count = new int[SECONDS];
    private final int[] failures = new int[SECONDS];
    private final float[] latencyMillis = new float[SECONDS * SAMPLES_PER_SECOND];
    private long newest = Long.MIN_VALUE;
    private long random = 0x9E3779B97F4A7C15L;

    LatencySeries() {
        Arrays.fill(second, Long.MIN_VALUE);
    }

    /**
     * Counts one request.
     *
     * @param epochSecond the second it started
     * @param millis its latency in milliseconds
     * @param failed whether it was refused or failed
     */
    synchronized void add(long epochSecond, float millis, boolean failed) {
        if (newest != Long.MIN_VALUE && epochSecond <= newest - SECONDS) {
            return; // older than the window
        }
        newest = Math.max(newest, epochSecond);
        int slot = slot(epochSecond);
        if (second[slot] != epochSecond) {
            second[slot] = epochSecond;
            count[slot] = 0;
            failures[slot] = 0;
        }
        int n = count[slot]++;
        if (failed) {
            failures[slot]++;
        }
        int keep = n < SAMPLES_PER_SECOND ? n : (int) Long.remainderUnsigned(nextRandom(), n + 1L);
        if (keep < SAMPLES_PER_SECOND) {
            latencyMillis[slot * SAMPLES_PER_SECOND + keep] = millis;
        }
    }

    /**
     * The window that ends at a second, one point per second, oldest first.
     *
     * @param endSecond the last second of the window (usually now)
     * @return the window; seconds without requests have a count of 0 and NaN latencies
     */
    synchronized Window window(long endSecond) {
        long start = endSecond - SECONDS + 1;
        int[] counts = new int[SECONDS];
        int[] failed = new int[SECONDS];
        double[] p50 = new double[SECONDS];
        double[] p95 = new double[SECONDS];
        float[] sorted = new float[SAMPLES_PER_SECOND];
        for (int i = 0; i < SECONDS; i++) {
            int slot = slot(start + i);
            if (second[slot] != start + i) {
                p50[i] = Double.NaN;
                p95[i] = Double.NaN;
                continue;
            }
            counts[i] = count[slot];
            failed[i] = failures[slot];
            int kept = Math.min(count[slot], SAMPLES_PER_SECOND);
            System.arraycopy(latencyMillis, slot * SAMPLES_PER_SECOND, sorted, 0, kept);
            Arrays.sort(sorted, 0, kept);
            p50[i] = percentile(sorted, kept, 0.50);
            p95[i] = percentile(sorted, kept, 0.95);
        }
        return new Window(start, counts, failed, p50, p95);
    }

    /** @return the newest second a request was counted in, or {@link Long#MIN_VALUE} when none */
    synchronized long newestSecond() {
        return newest;
    }

    /** Nearest rank: the smallest value with at least {@code p} of the sample at or below it. */
    static double percentile(float[] sorted, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * n);
        return sorted[Math.max(0, Math.min(n, rank) - 1)];
    }

    private static int slot(long epochSecond) {
        return (int) Math.floorMod(epochSecond, (long) SECONDS);
    }

    private long nextRandom() {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        return random;
    }

    /**
     * One series' window, one point per second from {@code startSecond}.
     *
     * @param startSecond the first second (epoch seconds)
     * @param counts requests per second
     * @param failures refused or failed requests per second
     * @param p50Millis median latency per second, NaN without requests
     * @param p95Millis 95th percentile per second, NaN without requests
     */
    record Window(long startSecond, int[] counts, int[] failures, double[] p50Millis, double[] p95Millis) {
        /** @return how many seconds had requests */
        int secondsWithRequests() {
            int n = 0;
            for (int c : counts) {
                if (c > 0) {
                    n++;
                }
            }
            return n;
        }

        /** @return the requests of the window */
        long requests() {
            long n = 0;
            for (int c : counts) {
                n += c;
            }
            return n;
        }
    }
}
