package org.modelgate.remote.mqtt.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BiFunction;

import org.modelgate.remote.mqtt.spool.Spool;

/**
 * What the alert and checkpoint forwarders share: the spool, the clock and this device's name, and an offer as
 * {@link Spool.Kind#ALERT} that never lets a failure reach the caller (Event Admin, the audit log), only the log.
 */
final class AlertQueue {
    private static final System.Logger LOG = System.getLogger(AlertQueue.class.getName());

    private final Spool spool;
    private final Clock clock;
    private volatile String device;

    AlertQueue(Spool spool, TelemetryConfig config, Clock clock) {
        this.spool = spool;
        this.clock = clock;
        configure(config);
    }

    void configure(TelemetryConfig config) {
        device = DeviceName.of(config.device());
    }

    String device() {
        return device;
    }

    /**
     * Queues one payload made now.
     *
     * @param what what it is, for the warning when it cannot be queued
     * @param payload makes the payload from this device's name and the time
     */
    void offer(String what, BiFunction<String, Instant, byte[]> payload) {
        try {
            spool.offer(Spool.Kind.ALERT, payload.apply(device, clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, what + " not queued for the broker: " + e.getMessage(), e);
        }
    }
}
