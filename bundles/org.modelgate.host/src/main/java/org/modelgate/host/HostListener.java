package org.modelgate.host;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears what happens to a serving host process. Called on the host's supervising thread; keep it short.
 */
@ConsumerType
public interface HostListener {
    /** Hears nothing. */
    HostListener NONE = new HostListener() {
    };

    /**
     * The host died; its in-flight requests failed. A restart follows unless {@link #gaveUp} is called.
     *
     * @param reason what is known: signal, native frame, exit code, last operation
     */
    default void died(String reason) {
    }

    /**
     * A new host was started and has loaded the model again.
     *
     * @param restarts restarts so far
     */
    default void restarted(int restarts) {
    }

    /**
     * The host died too often ({@link HostOptions#maxRestarts()} within {@link HostOptions#restartWindowSeconds()}):
     * no further restart; runs fail until the model is closed. The core quarantines the version.
     *
     * @param reason the last death's reason and the count
     */
    default void gaveUp(String reason) {
    }
}
