package org.modelgate.remote.mqtt.spool;

import java.util.Optional;

/**
 * The store-and-forward queue between the gateway and its broker: telemetry and alerts wait here, on disk, while
 * the broker is away, and leave oldest first once it is back.
 *
 * <p>Bounded: when an offer does not fit, the oldest telemetry goes first; an alert is dropped only when no
 * telemetry is left to make room (never an alert before telemetry). Every drop is counted. An entry stays until
 * {@link #remove(long)} (the broker acknowledged it), so a crash or restart in between delivers it again (at least
 * once; receivers de-duplicate by {@link Entry#seq()}). Thread-safe.
 */
public interface Spool extends AutoCloseable {
    /** What an entry carries; decides what is dropped first. */
    enum Kind {
        /** Alerts raised and cleared: dropped last. */
        ALERT,
        /** Metric summaries: the oldest is dropped first when the spool is full. */
        TELEMETRY
    }

    /**
     * One queued message.
     *
     * @param seq its number, rising across restarts: the de-duplication id sent with the message
     * @param kind what it carries
     * @param createdMillis when it was offered, in milliseconds since the epoch
     * @param payload the message payload
     */
    record Entry(long seq, Kind kind, long createdMillis, byte[] payload) {
    }

    /**
     * What the spool holds and what it had to drop since it was created (counts survive restarts).
     *
     * @param entries entries waiting
     * @param bytes their payload bytes
     * @param droppedTelemetry telemetry entries dropped to make room
     * @param droppedAlerts alert entries dropped to make room (only when no telemetry was left)
     * @param refused offers refused because the payload alone is larger than the spool
     */
    record Counts(long entries, long bytes, long droppedTelemetry, long droppedAlerts, long refused) {
    }

    /**
     * Queues a message durably (it is on disk when this returns), dropping the oldest telemetry, then the oldest
     * alerts, when it does not fit.
     *
     * @param kind what it carries
     * @param payload the payload
     * @return the entry's sequence number, or -1 when the payload alone is larger than the spool (refused, counted)
     */
    long offer(Kind kind, byte[] payload);

    /**
     * The oldest waiting entry, not removed.
     *
     * @return the entry, or empty when nothing waits
     */
    Optional<Entry> peek();

    /**
     * Removes a delivered entry; an unknown or already removed sequence number is ignored.
     *
     * @param seq the entry's sequence number
     */
    void remove(long seq);

    /**
     * What the spool holds and has dropped.
     *
     * @return the counts
     */
    Counts counts();

    @Override
    void close();
}
