package org.modelgate.spi;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts runs in flight on a native resource and releases the resource once it is closed and the last
 * run has left, so that closing never frees memory a run is still using. Lock-free: one atomic
 * increment and decrement per run. For backends: a {@link LoadedModel}'s {@code close()} must not
 * free what a {@code run} in flight still uses.
 *
 * <pre>{@code
 * if (!guard.enter()) throw closed();
 * try { ... use the session ... } finally { guard.exit(); }
 * }</pre>
 */
public final class InFlightGuard {
    private static final int CLOSED = 1 << 30;

    private final AtomicInteger state = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable release;

    /**
     * Creates a guard.
     *
     * @param release frees the resource; called exactly once, after {@link #close()} and the last run
     */
    public InFlightGuard(Runnable release) {
        this.release = release;
    }

    /**
     * Starts a run.
     *
     * @return true when the resource may be used until {@link #exit()}; false once closed
     */
    public boolean enter() {
        if ((state.incrementAndGet() & CLOSED) != 0) {
            exit();
            return false;
        }
        return true;
    }

    /** Ends a run started by a successful {@link #enter()}. */
    public void exit() {
        if (state.decrementAndGet() == CLOSED) {
            releaseOnce();
        }
    }

    /** Refuses new runs; releases the resource now, or when the last run in flight exits. */
    public void close() {
        int current;
        do {
            current = state.get();
            if ((current & CLOSED) != 0) {
                return;
            }
        } while (!state.compareAndSet(current, current | CLOSED));
        if (current == 0) {
            releaseOnce();
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed (the resource may still be in use by runs in flight)
     */
    public boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /**
     * Whether the resource has been released.
     *
     * @return true once released
     */
    public boolean isReleased() {
        return released.get();
    }

    private void releaseOnce() {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
