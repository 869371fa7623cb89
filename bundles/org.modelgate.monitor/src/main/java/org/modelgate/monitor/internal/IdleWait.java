package org.modelgate.monitor.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * How a consumer thread waits when its queue is empty: a millisecond, and producers never signal anyone. So a
 * consumer takes what arrived in that millisecond as one batch: under load the stream's threads wake about a
 * thousand times a second, not once per request, and leave the cores to inference (docs/benchmarks.md, 14).
 */
final class IdleWait {
    private static final long PAUSE_NANOS = 1_000_000;

    private IdleWait() {
    }

    static void pause() {
        LockSupport.parkNanos(PAUSE_NANOS);
    }
}
