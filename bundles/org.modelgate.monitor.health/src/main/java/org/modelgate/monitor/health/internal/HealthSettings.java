package org.modelgate.monitor.health.internal;

import java.time.Duration;

import org.modelgate.monitor.drift.DriftThresholds;
import org.modelgate.monitor.drift.MonitorSettings;

/**
 * The health monitor's settings as values (the component reads them from {@link HealthConfig}; tests make them).
 *
 * @param drift the drift defaults that model.json's {@code monitor} section overrides
 * @param latencyWindow requests kept per version
 * @param latencyMinSamples requests before a regression is judged
 * @param latencyRegressionRatio p95 above this times a baseline is a regression
 * @param feedbackCapacity predictions kept for feedback
 * @param feedbackTtl how long a prediction waits for feedback
 * @param feedbackWait how long a feedback waits for its prediction's record (it arrives just after the response)
 * @param expiredIdMemory forgotten ids remembered
 * @param accuracyWindow feedbacks per version in the accuracy window
 * @param accuracyFloor accuracy below which an alert is raised
 * @param accuracyMinLabelled label feedbacks before accuracy is judged
 * @param raiseAfter consecutive bad evaluations that raise
 * @param clearAfter consecutive good evaluations that clear
 * @param alertLogSize transitions kept
 */
record HealthSettings(MonitorSettings drift, int latencyWindow, int latencyMinSamples, double latencyRegressionRatio,
        int feedbackCapacity, Duration feedbackTtl, Duration feedbackWait, int expiredIdMemory, int accuracyWindow, double accuracyFloor,
        int accuracyMinLabelled, int raiseAfter, int clearAfter, int alertLogSize) {

    /** The defaults of {@link HealthConfig}. */
    static final HealthSettings DEFAULTS = new HealthSettings(MonitorSettings.DEFAULTS, 1000, 50, 1.5, 100_000,
            Duration.ofMinutes(60), Duration.ofSeconds(2), 10_000, 500, 0.8, 50, 3, 3, 500);

    HealthSettings {
        positive("latencyWindow", latencyWindow);
        positive("latencyMinSamples", latencyMinSamples);
        positive("feedbackCapacity", feedbackCapacity);
        positive("expiredIdMemory", expiredIdMemory);
        positive("accuracyWindow", accuracyWindow);
        positive("accuracyMinLabelled", accuracyMinLabelled);
        positive("raiseAfter", raiseAfter);
        positive("clearAfter", clearAfter);
        positive("alertLogSize", alertLogSize);
        if (!(latencyRegressionRatio > 1)) {
            throw new IllegalArgumentException("latencyRegressionRatio must be above 1, got " + latencyRegressionRatio);
        }
        if (!(accuracyFloor > 0 && accuracyFloor <= 1)) {
            throw new IllegalArgumentException("accuracyFloor must be in (0, 1], got " + accuracyFloor);
        }
        if (feedbackWait.isNegative()) {
            throw new IllegalArgumentException("feedbackWaitMillis must be at least 0, got " + feedbackWait.toMillis());
        }
        if (feedbackTtl.isNegative() || feedbackTtl.isZero()) {
            throw new IllegalArgumentException("feedbackTtlMinutes must be at least 1, got " + feedbackTtl.toMinutes());
        }
    }

    /** These settings with another feedback wait. */
    HealthSettings withFeedbackWait(Duration wait) {
        return new HealthSettings(drift, latencyWindow, latencyMinSamples, latencyRegressionRatio, feedbackCapacity,
                feedbackTtl, wait, expiredIdMemory, accuracyWindow, accuracyFloor, accuracyMinLabelled, raiseAfter, clearAfter,
                alertLogSize);
    }

    static HealthSettings of(HealthConfig c) {
        MonitorSettings drift = new MonitorSettings(c.driftWindow(), c.driftMinSamples(), MonitorSettings.DEFAULTS.method(),
                DriftThresholds.DEFAULTS);
        return new HealthSettings(drift, c.latencyWindow(), c.latencyMinSamples(), c.latencyRegressionRatio(),
                c.feedbackCapacity(), Duration.ofMinutes(c.feedbackTtlMinutes()), Duration.ofMillis(c.feedbackWaitMillis()),
                c.expiredIdMemory(), c.accuracyWindow(),
                c.accuracyFloor(), c.accuracyMinLabelled(), c.raiseAfter(), c.clearAfter(), c.alertLogSize());
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
