package org.modelgate.monitor.health;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The latency of a model version's recent requests against its baselines.
 *
 * @param count requests in the window
 * @param p50Millis the median latency in the window, NaN when empty
 * @param p95Millis the 95th percentile, NaN when empty
 * @param p99Millis the 99th percentile, NaN when empty
 * @param requestsPerSecond requests per second over the window's time span
 * @param baselineP95Millis the p95 the profiler measured for the serving candidate, NaN when none
 * @param previousP95Millis the previous version's last window p95, NaN when none
 * @param regressed the p95 exceeds the configured ratio times a baseline
 */
@ProviderType
public record LatencyWindow(long count, double p50Millis, double p95Millis, double p99Millis,
        double requestsPerSecond, double baselineP95Millis, double previousP95Millis, boolean regressed) {
}
