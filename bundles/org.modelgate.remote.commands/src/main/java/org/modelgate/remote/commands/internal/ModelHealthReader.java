package org.modelgate.remote.commands.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.LatencyWindow;
import org.modelgate.monitor.health.ModelHealth;
import org.modelgate.remote.CommandCall;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The health command's view of ModelHealth. A component of its own so that only it sees the health and drift
 * packages (imported optionally): without them it is never satisfied, its class is never loaded, and the health
 * command still answers that health is not installed.
 */
@Component(service = HealthReader.class)
public final class ModelHealthReader implements HealthReader {
    @Reference
    ModelHealth monitor;

    @Override
    public Map<String, Object> read(CommandCall call) {
        Map<String, Object> answer = new LinkedHashMap<>();
        String only = call.text("model", null);
        List<HealthReport> reports = only == null ? ServiceCalls.call("reading health reports", monitor::reports)
                : ServiceCalls.call("reading the health of " + only, () -> monitor.report(only)).stream().toList();
        List<Object> models = new ArrayList<>();
        for (HealthReport r : reports) {
            models.add(json(r));
        }
        answer.put("installed", true);
        answer.put("models", models);
        return answer;
    }

    private static Map<String, Object> json(HealthReport r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", r.model());
        json.put("version", r.version());
        json.put("at", r.at().toString());
        LatencyWindow l = r.latency();
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("count", l.count());
        latency.put("p50_ms", finite(l.p50Millis()));
        latency.put("p95_ms", finite(l.p95Millis()));
        latency.put("p99_ms", finite(l.p99Millis()));
        latency.put("requests_per_second", finite(l.requestsPerSecond()));
        latency.put("regressed", l.regressed());
        json.put("latency", latency);
        Map<String, Object> drift = new LinkedHashMap<>();
        if (r.drift().isPresent()) {
            DriftReport d = r.drift().get();
            drift.put("ready", d.ready());
            drift.put("rows", d.rows());
            drift.put("drifted", d.drifted());
            drift.put("share", finite(d.driftedShare()));
            drift.put("drifted_features", d.driftedFeatures());
        } else {
            drift.put("unavailable", r.driftUnavailable());
        }
        json.put("drift", drift);
        Map<String, Object> accuracy = new LinkedHashMap<>();
        accuracy.put("labelled", r.accuracy().labelled());
        accuracy.put("accuracy", finite(r.accuracy().accuracy()));
        accuracy.put("mae", finite(r.accuracy().meanAbsoluteError()));
        json.put("accuracy", accuracy);
        List<Object> alerts = new ArrayList<>();
        for (Alert a : r.alerts()) {
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("kind", a.kind());
            alert.put("subject", a.subject());
            alert.put("statistic", a.statistic());
            alert.put("value", finite(a.value()));
            alert.put("threshold", finite(a.threshold()));
            alert.put("state", a.state().name().toLowerCase(java.util.Locale.ROOT));
            alert.put("since", a.since().toString());
            alerts.add(alert);
        }
        json.put("alerts", alerts);
        return json;
    }

    /** NaN (nothing to say yet) as null: JSON has no NaN. */
    private static Object finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
