package org.modelgate.remote.mqtt.telemetry;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.core.JsonGenerator;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.remote.mqtt.telemetry.RequestCounts.Totals;
import org.modelgate.remote.mqtt.telemetry.RequestCounts.Version;

/**
 * One telemetry payload: the gateway (uptime, heap, models loaded) and one row per model version (requests and
 * errors since start, requests in flight, and from the health monitor's window p50/p95 latency, drift share and
 * accuracy). Fields the gateway cannot tell (no health monitor, an empty window) are null.
 *
 * <pre>
 * {"type":"telemetry","device":"edge-7","time":"2026-12-07T05:30:00Z",
 *  "gateway":{"uptimeSeconds":3600,"heapUsedBytes":52428800,"heapMaxBytes":268435456,"modelsLoaded":2},
 *  "models":[{"model":"iris","version":"1.1.0","active":true,"state":"READY","requests":1200,"errors":3,
 *             "rejected":1,"inFlight":0,"p50Ms":0.4,"p95Ms":1.2,"driftShare":0.0,"accuracy":0.97,
 *             "labelled":150}]}
 * </pre>
 *
 * @param device the device name
 * @param time when it was made
 * @param uptimeMillis how long the gateway has run
 * @param heapUsedBytes heap in use
 * @param heapMaxBytes the heap's limit (-1 when undefined)
 * @param models the registry's models (empty without a registry)
 * @param inFlight requests in flight per model name
 * @param totals request totals per model version
 * @param windows the health monitor's windows (empty without one)
 */
record TelemetrySummary(String device, Instant time, long uptimeMillis, long heapUsedBytes, long heapMaxBytes,
        List<ModelInfo> models, ToLongFunction<String> inFlight, Map<Version, Totals> totals, Map<Version, ModelWindows.Window> windows) {

    /** The payload's {@code type}. */
    static final String TYPE = "telemetry";

    byte[] toJson() {
        return Json.payload(TYPE, device, time, this::write);
    }

    private void write(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("gateway");
        json.writeNumberField("uptimeSeconds", uptimeMillis / 1000);
        json.writeNumberField("heapUsedBytes", heapUsedBytes);
        json.writeNumberField("heapMaxBytes", heapMaxBytes);
        json.writeNumberField("modelsLoaded", models.stream().filter(m -> m.state() == ModelState.READY).count());
        json.writeEndObject();
        json.writeArrayFieldStart("models");
        for (Map.Entry<Version, Row> row : rows().entrySet()) {
            row.getValue().write(json, row.getKey());
        }
        json.writeEndArray();
    }

    /** Every version that counted requests, and every model's active version, ordered by model and version. */
    private Map<Version, Row> rows() {
        Map<Version, Row> rows = new TreeMap<>();
        for (ModelInfo model : models) {
            if (model.version() != null) {
                rows.computeIfAbsent(new Version(model.name(), model.version()), v -> new Row()).model = model;
            }
        }
        totals.forEach((version, total) -> rows.computeIfAbsent(version, v -> new Row()).totals = total);
        windows.forEach((version, window) -> {
            Row row = rows.get(version);
            if (row != null) {
                row.window = window;
            }
        });
        return rows;
    }

    private final class Row {
        ModelInfo model;
        Totals totals = new Totals(0, 0, 0);
        ModelWindows.Window window = ModelWindows.Window.NONE;

        void write(JsonGenerator json, Version version) throws IOException {
            json.writeStartObject();
            json.writeStringField("model", version.model());
            json.writeStringField("version", version.version());
            json.writeBooleanField("active", model != null);
            if (model != null) {
                json.writeStringField("state", model.state().name());
                json.writeNumberField("inFlight", inFlight.applyAsLong(model.name()));
            }
            json.writeNumberField("requests", totals.requests());
            json.writeNumberField("errors", totals.errors());
            json.writeNumberField("rejected", totals.rejected());
            Json.number(json, "p50Ms", window.p50Millis());
            Json.number(json, "p95Ms", window.p95Millis());
            Json.number(json, "driftShare", window.driftShare());
            Json.number(json, "accuracy", window.accuracy());
            json.writeNumberField("labelled", window.labelled());
            json.writeEndObject();
        }
    }
}
