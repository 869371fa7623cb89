package org.modelgate.remote.mqtt.telemetry;

import java.util.Map;

import org.modelgate.remote.mqtt.telemetry.RequestCounts.Version;

/**
 * The health monitor's recent window per serving model version, in this package's terms: an OSGi service of this
 * bundle ({@link HealthWindows}) present only while the health monitor is, so that the telemetry needs none of its
 * classes and keeps reporting without it.
 */
interface ModelWindows {
    /**
     * One version's window.
     *
     * @param p50Millis median latency, NaN when empty
     * @param p95Millis 95th percentile, NaN when empty
     * @param driftShare share of features drifted, NaN without a ready drift report
     * @param accuracy accuracy from feedback, NaN without label feedback
     * @param labelled the labelled requests the accuracy is computed over
     */
    record Window(double p50Millis, double p95Millis, double driftShare, double accuracy, long labelled) {
        /** Nothing known. */
        static final Window NONE = new Window(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
    }

    /**
     * The windows of the serving versions.
     *
     * @return one per model version the monitor has a report for
     */
    Map<Version, Window> windows();
}
