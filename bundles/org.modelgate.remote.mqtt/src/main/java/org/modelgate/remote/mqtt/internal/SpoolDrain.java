package org.modelgate.remote.mqtt.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.modelgate.remote.mqtt.spool.Spool;

/**
 * Sends what waits in the {@link Spool} to {@code telemetry} / {@code alerts}, oldest first, QoS 1, with the user
 * property {@code seq} for de-duplication; an entry is removed only once the broker acknowledged it with a success
 * reason code, so a drop, a refusal or a crash in between sends it again.
 */
final class SpoolDrain implements Runnable {
    private static final Logger LOG = Logger.getLogger(SpoolDrain.class.getName());
    /** The user property carrying the entry's sequence number. */
    static final String SEQ = "seq";
    private static final long IDLE_MILLIS = 250;
    private static final long REFUSED_MILLIS = 5000;

    private final Supplier<Spool> spool;
    private final BrokerLink link;
    private final Topics topics;
    private volatile boolean running = true;
    private volatile long sent;

    SpoolDrain(Supplier<Spool> spool, BrokerLink link, Topics topics) {
        this.spool = spool;
        this.link = link;
        this.topics = topics;
    }

    @Override
    public void run() {
        while (running) {
            try {
                Thread.sleep(drainOnce() ? 0 : IDLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "remote agent: spool drain failed, trying again", e);
                sleepQuietly(REFUSED_MILLIS);
            }
        }
    }

    /** @return true when an entry was sent (look for the next one at once) */
    boolean drainOnce() throws InterruptedException {
        Spool queue = spool.get();
        if (queue == null || !link.isConnected()) {
            return false;
        }
        Optional<Spool.Entry> next = queue.peek();
        if (next.isEmpty()) {
            return false;
        }
        Spool.Entry entry = next.get();
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty(SEQ, Long.toString(entry.seq())),
                new UserProperty("created", Long.toString(entry.createdMillis()))));
        String topic = entry.kind() == Spool.Kind.ALERT ? topics.alerts() : topics.telemetry();
        String refused = link.publish(topic, entry.payload(), 1, false, properties);
        if (refused != null) {
            LOG.log(Level.FINE, "remote agent: entry {0} not delivered: {1}", new Object[] {entry.seq(), refused});
            Thread.sleep(link.isConnected() ? REFUSED_MILLIS : IDLE_MILLIS);
            return false;
        }
        queue.remove(entry.seq());
        sent++;
        return true;
    }

    long sent() {
        return sent;
    }

    void stop() {
        running = false;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
