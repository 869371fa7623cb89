package org.modelgate.remote.mqtt.telemetry;

import java.time.Clock;
import java.time.Instant;

import org.modelgate.remote.mqtt.spool.Spool;
import org.modelgate.remote.mqtt.spool.SpoolService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Offers every health alert raised or cleared (Event Admin topics {@code org/modelgate/alert/RAISED} and
 * {@code CLEARED}, posted by org.modelgate.monitor.health) to the spool as {@link Spool.Kind#ALERT}: dropped only
 * when no telemetry is left to make room. Active only while PID {@code org.modelgate.remote.mqtt} is configured.
 *
 * <pre>
 * {"type":"alert","device":"edge-7","time":"2026-12-07T05:30:00Z","state":"raised","model":"iris","version":"1.1.0",
 *  "kind":"drift","subject":"dataset","statistic":"drift_share","value":0.75,"threshold":0.5,
 *  "message":"3 of 4 features drifted"}
 * </pre>
 */
@Component(property = EventConstants.EVENT_TOPIC + "=" + AlertForwarder.TOPICS, configurationPid = SpoolService.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class AlertForwarder implements EventHandler {
    /** The topics of {@code org.modelgate.monitor.health.Alert} (its TOPIC_ALL). */
    static final String TOPICS = "org/modelgate/alert/*";
    /** The payload's {@code type}. */
    static final String TYPE = "alert";
    private static final String RAISED = "org/modelgate/alert/RAISED";

    private final AlertQueue queue;

    /**
     * Forwards alerts to the spool.
     *
     * @param spool the spool
     * @param config the device name
     */
    @Activate
    public AlertForwarder(@Reference Spool spool, TelemetryConfig config) {
        this(spool, config, Clock.systemUTC());
    }

    AlertForwarder(Spool spool, TelemetryConfig config, Clock clock) {
        this.queue = new AlertQueue(spool, config, clock);
    }

    @Modified
    void modified(TelemetryConfig config) {
        queue.configure(config);
    }

    @Override
    public void handleEvent(Event event) {
        queue.offer("alert " + event.getTopic() + " of " + event.getProperty("model"),
                (device, now) -> payload(event, device, now));
    }

    static byte[] payload(Event event, String device, Instant now) {
        return Json.payload(TYPE, device, now, json -> {
            json.writeStringField("state", RAISED.equals(event.getTopic()) ? "raised" : "cleared");
            for (String name : new String[] {"model", "version", "kind", "subject", "statistic"}) {
                Object value = event.getProperty(name);
                json.writeStringField(name, value == null ? null : value.toString());
            }
            Json.number(json, "value", number(event.getProperty("value")));
            Json.number(json, "threshold", number(event.getProperty("threshold")));
            Object evidence = event.getProperty("evidence");
            json.writeStringField("message", evidence == null ? null : evidence.toString());
        });
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
