package org.modelgate.traffic;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a model's traffic policy stands.
 *
 * @param model the model
 * @param champion the version that was committed when the policy started
 * @param challenger the version on trial
 * @param policy the policy
 * @param state running or how it ended
 * @param started when it started
 * @param ended when it ended, or null while it runs
 * @param reason why it ended (the failing guard, the time limit, an operator), or null while it runs
 * @param challengerRequests requests the challenger answered (or, in shadow mode, ran on a copy)
 * @param readings each guard's reading, in the policy's order
 */
@ProviderType
public record TrafficStatus(String model, String champion, String challenger, TrafficPolicy policy, State state,
        Instant started, Instant ended, String reason, long challengerRequests, List<GuardReading> readings) {
    /** A policy's state. */
    public enum State {
        /** The challenger takes its share (or shadows) and the guards watch. */
        RUNNING,
        /** The challenger was committed and takes all traffic. */
        PROMOTED,
        /** The challenger was removed from traffic; the champion serves. */
        ROLLED_BACK
    }

    /**
     * Copies the readings.
     */
    public TrafficStatus {
        readings = List.copyOf(readings);
    }
}
