package org.modelgate.core.internal;

import java.util.concurrent.locks.ReentrantLock;

import org.modelgate.api.ModelState;

/**
 * A model's place in the registry: the version serving now and the state of the model.
 *
 * <p>Requests read {@link #serving} (one volatile read) and take a reference on it; administrative
 * changes (load, unload, activate, a backend leaving) hold {@link #admin} so they happen one at a time.
 */
final class ModelSlot {
    final String name;
    final ReentrantLock admin = new ReentrantLock();
    volatile ServingVersion serving;
    /**
     * The challenger of a traffic policy, loaded beside {@link #serving} and never committed until promoted; null when
     * no policy runs. The router reads it once per request: with no policy that read is the whole cost.
     */
    volatile Challenger challenger;
    volatile ModelState state = ModelState.UNLOADED;
    volatile String reason;
    /** The version the slot should serve, kept while it cannot (backend away, load failed). */
    volatile SemanticVersion wanted;
    /** The format of the wanted version, so a returning backend knows which slots it can serve. */
    volatile String format;
    /** Requests running on the model, in a file that outlives a crash ({@link InFlightCounter#NONE} in tests). */
    volatile InFlightCounter inflight = InFlightCounter.NONE;

    ModelSlot(String name) {
        this.name = name;
    }

    void setState(ModelState newState, String newReason) {
        this.reason = newReason;
        this.state = newState;
    }
}
