package org.modelgate.monitor.health.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.modelgate.audit.AuditLog;
import org.modelgate.monitor.health.Alert;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Where an alert transition goes: the log (WARN when raised, INFO when cleared), Event Admin (posted, so the
 * evaluation never waits for handlers) and the audit log (actor {@value #ACTOR}). Services absent at the
 * moment are skipped: the alert is still listed by the monitor.
 */
final class AlertChannels implements AlertListener {
    /** The audit actor of alert transitions: the gateway itself. */
    static final String ACTOR = "modelgate";
    private static final System.Logger LOG = System.getLogger(AlertChannels.class.getName());

    private final Supplier<EventAdmin> events;
    private final Supplier<AuditLog> audit;

    AlertChannels(Supplier<EventAdmin> events, Supplier<AuditLog> audit) {
        this.events = events;
        this.audit = audit;
    }

    @Override
    public void transition(Alert alert) {
        boolean raised = alert.state() == Alert.State.RAISED;
        LOG.log(raised ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "alert " + (raised ? "raised" : "cleared")
                + ": " + alert.model() + " " + alert.version() + " " + alert.kind() + " " + alert.subject() + ": "
                + alert.evidence());
        EventAdmin admin = events.get();
        if (admin != null) {
            admin.postEvent(new Event(raised ? Alert.TOPIC_RAISED : Alert.TOPIC_CLEARED, properties(alert)));
        }
        AuditLog log = audit.get();
        if (log != null) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("kind", alert.kind());
            details.put("subject", alert.subject());
            details.put("statistic", alert.statistic());
            details.put("value", Double.toString(alert.value()));
            details.put("threshold", Double.toString(alert.threshold()));
            details.put("evidence", alert.evidence());
            log.record(ACTOR, raised ? "alert.raised" : "alert.cleared", alert.model() + " " + alert.version(), details);
        }
    }

    /** The event properties of an alert (the API's documented keys). */
    static Map<String, Object> properties(Alert alert) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("model", alert.model());
        properties.put("version", alert.version());
        properties.put("kind", alert.kind());
        properties.put("subject", alert.subject());
        properties.put("statistic", alert.statistic());
        properties.put("value", alert.value());
        properties.put("threshold", alert.threshold());
        properties.put("evidence", alert.evidence());
        return properties;
    }
}
