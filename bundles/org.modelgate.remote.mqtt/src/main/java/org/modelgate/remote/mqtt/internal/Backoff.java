package org.modelgate.remote.mqtt.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: exponential from {@code min} to {@code max} milliseconds, each drawn at random between half and
 * all of the current step ("equal jitter"), so a fleet that lost its broker at once does not come back at once.
 */
final class Backoff {
    private final long min;
    private final long max;
    private long step;

    Backoff(long minMillis, long maxMillis) {
        this.min = minMillis;
        this.max = maxMillis;
        this.step = minMillis;
    }

    /** @return the delay before the next attempt, in milliseconds */
    synchronized long next() {
        long current = step;
        step = Math.min(max, step * 2);
        return current / 2 + ThreadLocalRandom.current().nextLong(current / 2 + 1);
    }

    /** Back to the shortest delay (after a successful connection). */
    synchronized void reset() {
        step = min;
    }
}
