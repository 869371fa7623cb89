package org.modelgate.remote.mqtt.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.modelgate.remote.mqtt.spool.Spool;
import org.modelgate.remote.mqtt.spool.SpoolService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
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
 * <p>The spool forces every offer to disk, and a gateway's disk can stall for seconds; Felix Event Admin stops
 * delivering to a handler that once took longer than its timeout (5 s by default), for good. So the event is only
 * taken here: one thread of this component writes it to the spool, up to {@value #PENDING_LIMIT} alerts waiting
 * (beyond that, with the disk stuck, an alert is logged as not queued). Deactivation writes what still waits.
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
    /** Alerts that may wait for the spool's disk. */
    static final int PENDING_LIMIT = 1000;
    private static final String RAISED = "org/modelgate/alert/RAISED";
    private static final long DRAIN_SECONDS = 10;
    private static final System.Logger LOG = System.getLogger(AlertForwarder.class.getName());

    private final AlertQueue queue;
    private final Clock clock;
    private final ThreadPoolExecutor writer;

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
        this(spool, config, clock, PENDING_LIMIT);
    }

    AlertForwarder(Spool spool, TelemetryConfig config, Clock clock, int pendingLimit) {
        this.queue = new AlertQueue(spool, config, clock);
        this.clock = clock;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(pendingLimit),
                task -> {
                    Thread thread = new Thread(task, "modelgate-remote-alerts");
                    thread.setDaemon(true);
                    return thread;
                }, (task, executor) -> LOG.log(System.Logger.Level.WARNING, task + " not queued for the broker: "
                        + (executor.isShutdown() ? "the remote agent is stopping"
                                : pendingLimit + " alerts already wait for the spool's disk")));
    }

    /** Writes the alerts still waiting, for at most {@value #DRAIN_SECONDS} seconds. */
    @Deactivate
    void deactivate() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "alerts not queued for the broker: the spool's disk took longer "
                        + "than " + DRAIN_SECONDS + " s at shutdown; " + writer.getQueue().size() + " alerts still waited");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Modified
    void modified(TelemetryConfig config) {
        queue.configure(config);
    }

    @Override
    public void handleEvent(Event event) {
        Instant received = clock.instant();
        String what = "alert " + event.getTopic() + " of " + event.getProperty("model");
        writer.execute(new Runnable() {
            @Override
            public void run() {
                queue.offer(what, (device, now) -> payload(event, device, received));
            }

            @Override
            public String toString() {
                return what;
            }
        });
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
