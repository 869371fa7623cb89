package org.modelgate.fleet;

import java.time.Duration;

/**
 * A quality gate a stage must pass before the next starts: over the devices updated so far, the metric (weighted by
 * requests) must not breach the threshold once at least {@code minSamples} requests were served by the new version
 * and {@code soak} has passed since the stage's last device was updated. A breach aborts the rollout; data that never
 * reaches {@code minSamples} within {@code timeout} (counted from the same moment) aborts it as timed out.
 *
 * @param metric the metric
 * @param threshold the threshold
 * @param minSamples requests needed before the gate is judged
 * @param soak the least time the new version runs before the gate passes
 * @param timeout how long the gate waits for {@code minSamples} before the stage times out (at least {@code soak})
 */
public record QualityGate(GateMetric metric, double threshold, long minSamples, Duration soak, Duration timeout) {
    /** Checks. */
    public QualityGate {
        if (metric == null) {
            throw new FleetException("quality gate: metric is required (error_rate, p95_ms, drift, accuracy)");
        }
        if (minSamples < 0) {
            throw new FleetException("quality gate " + metric.key() + ": minSamples must be >= 0, got " + minSamples);
        }
        if (soak == null || soak.isNegative()) {
            throw new FleetException("quality gate " + metric.key() + ": soak must be zero or positive, got " + soak);
        }
        if (timeout == null || timeout.compareTo(soak) < 0) {
            throw new FleetException("quality gate " + metric.key() + ": timeout must be at least the soak (" + soak
                    + "), got " + timeout);
        }
    }
}
