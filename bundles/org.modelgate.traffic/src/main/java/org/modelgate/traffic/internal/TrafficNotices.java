package org.modelgate.traffic.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.modelgate.api.Operator;
import org.modelgate.audit.AuditLog;
import org.modelgate.traffic.GuardReading;
import org.modelgate.traffic.TrafficStatus;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Where a policy's start and end are told: the audit log ({@code traffic.started}, {@code traffic.promoted},
 * {@code traffic.rolled_back}), Event Admin ({@value #TOPIC_PROMOTED}, {@value #TOPIC_ROLLED_BACK}) and, for a
 * rollback, an alert on {@value #TOPIC_ALERT} with the health monitor's alert properties (kind {@code traffic}), so
 * whatever forwards alerts (the MQTT agent's {@code alerts} topic) forwards it. Each is skipped while absent.
 */
final class TrafficNotices {
    static final String TOPIC_PROMOTED = "org/modelgate/traffic/PROMOTED";
    static final String TOPIC_ROLLED_BACK = "org/modelgate/traffic/ROLLED_BACK";
    /** The health monitor's topic of a raised alert (org.modelgate.monitor.health.Alert.TOPIC_RAISED). */
    static final String TOPIC_ALERT = "org/modelgate/alert/RAISED";
    static final String ALERT_KIND = "traffic";
    private static final String GATEWAY = "modelgate";
    private static final System.Logger LOG = System.getLogger(TrafficNotices.class.getName());

    private final Supplier<AuditLog> audit;
    private final Supplier<EventAdmin> events;

    TrafficNotices(Supplier<AuditLog> audit, Supplier<EventAdmin> events) {
        this.audit = audit;
        this.events = events;
    }

    void started(TrafficStatus status) {
        record("traffic.started", status, Map.of("champion", status.champion(), "policy", status.policy().toJson().toString()));
    }

    void ended(TrafficStatus status) {
        boolean promoted = status.state() == TrafficStatus.State.PROMOTED;
        record(promoted ? "traffic.promoted" : "traffic.rolled_back", status, Map.of("champion", status.champion(),
                "reason", String.valueOf(status.reason())));
        EventAdmin admin = events.get();
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("model", status.model());
        properties.put("champion", status.champion());
        properties.put("challenger", status.challenger());
        properties.put("state", status.state().name());
        properties.put("reason", String.valueOf(status.reason()));
        admin.postEvent(new Event(promoted ? TOPIC_PROMOTED : TOPIC_ROLLED_BACK, properties));
        if (!promoted) {
            admin.postEvent(new Event(TOPIC_ALERT, alert(status)));
        }
    }

    /** The alert properties of a rollback: those of org.modelgate.monitor.health.Alert, about the challenger. */
    static Map<String, Object> alert(TrafficStatus status) {
        GuardReading failed = status.readings().stream().filter(r -> r.verdict() == GuardReading.Verdict.FAIL)
                .findFirst().orElse(null);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("model", status.model());
        properties.put("version", status.challenger());
        properties.put("kind", ALERT_KIND);
        properties.put("subject", "challenger");
        properties.put("statistic", failed == null ? "evidence" : failed.guard().metric().jsonName());
        properties.put("value", failed == null ? Double.NaN : failed.value());
        properties.put("threshold", failed == null ? Double.NaN : failed.guard().limit());
        properties.put("evidence", "challenger " + status.challenger() + " rolled back, " + status.champion() + " serves: "
                + status.reason());
        return properties;
    }

    private void record(String action, TrafficStatus status, Map<String, String> details) {
        AuditLog log = audit.get();
        if (log == null) {
            return;
        }
        try {
            log.record(Operator.current().orElse(GATEWAY), action, status.model() + " " + status.challenger(), details);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the audit log did not record " + action + " of " + status.model() + " "
                    + status.challenger() + ": " + e.getMessage(), e);
        }
    }
}
