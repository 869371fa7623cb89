package org.modelgate.monitor.health;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.modelgate.monitor.drift.DriftReport;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The state of one model version's live window.
 *
 * @param model the model
 * @param version the version serving (the one the last record came from)
 * @param at when the report was made
 * @param latency the latency window
 * @param drift the drift of the inputs against the reference; empty without a reference
 * @param driftUnavailable why there is no drift report, or null
 * @param accuracy the accuracy from feedback
 * @param alerts the raised alerts of this model
 * @param droppedRecords records the health monitor lost because it fell behind (the record stream's count)
 * @param nonFiniteInputs input values that were NaN or infinite
 * @param features the input feature names from model.json's reference, else f0..fn
 */
@ProviderType
public record HealthReport(String model, String version, Instant at, LatencyWindow latency,
        Optional<DriftReport> drift, String driftUnavailable, AccuracyWindow accuracy, List<Alert> alerts,
        long droppedRecords, long nonFiniteInputs, List<String> features) {
    /**
     * Copies the lists.
     */
    public HealthReport {
        alerts = List.copyOf(alerts);
        features = List.copyOf(features);
    }
}
