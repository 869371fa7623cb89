package org.modelgate.benchmarks.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field quality a simulated gateway reports for the version it serves: healthy, or regressed (what a quality gate
 * must catch: more errors, a slower p95, drifted inputs, lower accuracy).
 *
 * @param errorRate share of requests answered with an error
 * @param p50Ms median latency
 * @param p95Ms 95th percentile latency
 * @param driftShare share of drifted features
 * @param accuracy accuracy on labelled feedback
 */
record TelemetryProfile(double errorRate, double p50Ms, double p95Ms, double driftShare, double accuracy) {
    static final TelemetryProfile HEALTHY = new TelemetryProfile(0.002, 3.0, 8.0, 0.02, 0.95);
    static final TelemetryProfile REGRESSED = new TelemetryProfile(0.12, 9.0, 40.0, 0.6, 0.71);
    /** Requests a model version serves between two telemetry summaries. */
    static final int REQUESTS_PER_PERIOD = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    static TelemetryProfile of(boolean regressed) {
        return regressed ? REGRESSED : HEALTHY;
    }

    /**
     * One telemetry payload in the agent's format (TelemetrySummary): gateway figures and a row per model version,
     * counting this period's requests into the active version's totals first.
     */
    static byte[] summary(GatewayProfile profile, Collection<SimulatedModel> models, long uptimeMillis) {
        List<Object> rows = new ArrayList<>();
        for (SimulatedModel m : models) {
            TelemetryProfile quality = of(profile.faults().regressesOn(m.name()) && m.isUpdate(m.active()));
            long[] totals = m.totals(m.active());
            totals[0] += REQUESTS_PER_PERIOD;
            totals[1] += Math.round(REQUESTS_PER_PERIOD * quality.errorRate());
            for (Map.Entry<String, long[]> version : m.allTotals().entrySet()) {
                boolean active = version.getKey().equals(m.active());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", m.name());
                row.put("version", version.getKey());
                row.put("active", active);
                if (active) {
                    row.put("state", "READY");
                    row.put("inFlight", 0);
                }
                row.put("requests", version.getValue()[0]);
                row.put("errors", version.getValue()[1]);
                row.put("rejected", 0);
                row.put("p50Ms", active ? quality.p50Ms() : null);
                row.put("p95Ms", active ? quality.p95Ms() : null);
                row.put("driftShare", active ? quality.driftShare() : null);
                row.put("accuracy", active ? quality.accuracy() : null);
                rows.add(row);
            }
        }
        Map<String, Object> gateway = new LinkedHashMap<>();
        gateway.put("uptimeSeconds", uptimeMillis / 1000);
        gateway.put("heapUsedBytes", 48L << 20);
        gateway.put("heapMaxBytes", profile.maxMemoryMb() << 20);
        gateway.put("modelsLoaded", models.size());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "telemetry");
        payload.put("device", profile.device());
        payload.put("time", Instant.now().toString());
        payload.put("gateway", gateway);
        payload.put("models", rows);
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
