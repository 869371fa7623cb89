package org.modelgate.fleet;

/**
 * A guard metric read from the devices' telemetry ({@code models} rows of {@code modelgate/{fleet}/{device}/telemetry}).
 */
public enum GateMetric {
    /** Errors per request since the device was updated; breached above the threshold. */
    ERROR_RATE("error_rate"),
    /** The 95th percentile latency in ms; breached above the threshold. */
    P95_MS("p95_ms"),
    /** The share of drifted features; breached above the threshold. */
    DRIFT("drift"),
    /** Accuracy from labelled feedback; breached below the threshold. */
    ACCURACY("accuracy");

    private final String key;

    GateMetric(String key) {
        this.key = key;
    }

    /** The metric's name in plans and commands ({@code error_rate}, {@code p95_ms}, {@code drift}, {@code accuracy}). */
    public String key() {
        return key;
    }

    /**
     * Whether a value breaches a threshold.
     *
     * @param value the measured value
     * @param threshold the gate's threshold
     * @return true when the value is worse than the threshold
     */
    public boolean breached(double value, double threshold) {
        return this == ACCURACY ? value < threshold : value > threshold;
    }

    /**
     * Finds a metric by its key.
     *
     * @param key e.g. {@code error_rate}
     * @return the metric
     * @throws FleetException naming the known keys
     */
    public static GateMetric of(String key) {
        for (GateMetric m : values()) {
            if (m.key.equals(key) || m.name().equalsIgnoreCase(key)) {
                return m;
            }
        }
        throw new FleetException("unknown gate metric '" + key + "'; known: error_rate, p95_ms, drift, accuracy");
    }
}
