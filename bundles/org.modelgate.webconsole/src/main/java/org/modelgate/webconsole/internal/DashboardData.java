package org.modelgate.webconsole.internal;

import java.util.List;
import java.util.Map;

/**
 * The JSON the Model health page polls ({@code data.json?model=NAME}): per version of the model, one
 * point per second of the last ten minutes (p50 and p95 latency, requests and failures per second),
 * and from the health monitor, when present, accuracy and drift share over time, each feature's drift
 * statistic against its threshold, raised alerts and the model's recent alert transitions.
 */
final class DashboardData {
    /** What the page says when the health monitor is absent. */
    static final String HEALTH_MISSING = "Drift, accuracy and alerts need the health feature (bundle org.modelgate.monitor.health).";
    /** The most alert transitions sent, newest first. */
    static final int ALERT_LOG_ROWS = 50;

    private DashboardData() {
    }

    /**
     * @param model the model shown
     * @param models every model the page can select
     * @param traffic the model's windows per version, all ending at {@code nowSecond}
     * @param health its health, or null when no health monitor is present
     * @param nowSecond the window's last second
     * @return the JSON text
     */
    static String json(String model, List<String> models, Map<String, LatencySeries.Window> traffic,
            HealthSource.HealthView health, long nowSecond) {
        JsonText json = new JsonText().beginObject().field("model", model).field("now", nowSecond);
        json.name("models").beginArray();
        models.forEach(json::value);
        json.endArray();
        traffic(json, traffic, nowSecond);
        json.name("health").beginObject().field("available", health != null);
        if (health == null) {
            json.field("message", HEALTH_MISSING);
        } else {
            health(json, model, health);
        }
        return json.endObject().endObject().toString();
    }

    private static void traffic(JsonText json, Map<String, LatencySeries.Window> traffic, long nowSecond) {
        long start = nowSecond - LatencySeries.SECONDS + 1;
        json.name("traffic").beginObject().field("start", start).name("versions").beginArray();
        traffic.forEach((version, window) -> {
            json.beginObject().field("version", version).field("requests", window.requests())
                    .field("secondsWithRequests", window.secondsWithRequests());
            array(json, "p50", window.p50Millis());
            array(json, "p95", window.p95Millis());
            json.name("rate").beginArray();
            for (int c : window.counts()) {
                json.value(c);
            }
            json.endArray().name("failures").beginArray();
            for (int f : window.failures()) {
                json.value(f);
            }
            json.endArray().endObject();
        });
        json.endArray().endObject();
    }

    private static void health(JsonText json, String model, HealthSource.HealthView health) {
        json.field("version", health.version()).field("driftUnavailable", health.driftUnavailable());
        json.name("history").beginObject().name("t").beginArray();
        health.history().forEach(point -> json.value(point.epochSecond()));
        json.endArray().name("accuracy").beginArray();
        health.history().forEach(point -> json.value(point.accuracy()));
        json.endArray().name("driftShare").beginArray();
        health.history().forEach(point -> json.value(point.driftShare()));
        json.endArray().endObject();
        json.name("features").beginArray();
        for (HealthSource.FeatureBar feature : health.features()) {
            json.beginObject().field("feature", feature.feature()).field("statistic", feature.statistic())
                    .field("value", feature.value()).field("threshold", feature.threshold()).field("drifted", feature.drifted())
                    .endObject();
        }
        json.endArray();
        json.name("alerts").beginArray();
        health.alerts().forEach(alert -> alert(json, alert));
        json.endArray();
        json.name("alertLog").beginArray();
        List<HealthSource.AlertRow> log = health.alertLog();
        int sent = 0;
        for (int i = log.size() - 1; i >= 0 && sent < ALERT_LOG_ROWS; i--) {
            if (log.get(i).model().equals(model)) {
                alert(json, log.get(i));
                sent++;
            }
        }
        json.endArray();
    }

    private static void alert(JsonText json, HealthSource.AlertRow alert) {
        json.beginObject().field("model", alert.model()).field("version", alert.version()).field("kind", alert.kind())
                .field("subject", alert.subject()).field("statistic", alert.statistic()).field("value", alert.value())
                .field("threshold", alert.threshold()).field("evidence", alert.evidence()).field("state", alert.state())
                .field("since", alert.sinceEpochSecond()).endObject();
    }

    private static void array(JsonText json, String name, double[] values) {
        json.name(name).beginArray();
        for (double value : values) {
            json.value(value);
        }
        json.endArray();
    }
}
