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
import org.modelgate.remote.RemoteCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code health {"model"?}}: the health monitor's reports (latency, drift verdict, accuracy, raised alerts) per model,
 * or {@code {"installed": false, ...}} when the health feature is not there.
 */
@Component(property = RemoteCommand.NAME + "=health")
public final class HealthCommand implements RemoteCommand {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelHealth health;

    @Override
    public boolean changesState() {
        return false;
    }

    @Override
    public Object run(CommandCall call) {
        ModelHealth monitor = health;
        Map<String, Object> answer = new LinkedHashMap<>();
        if (monitor == null) {
            answer.put("installed", false);
            answer.put("reason", "the health monitor (feature health, bundle org.modelgate.monitor.health) is not "
                    + "installed or not running");
            return answer;
        }
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
