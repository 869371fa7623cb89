package org.modelgate.host;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How a host process is run.
 *
 * @param restart whether a host that dies is started again (serving), or stays dead (a trial)
 * @param maxRestarts deaths within the window after which the host is given up ({@link HostListener#gaveUp})
 * @param restartWindowSeconds the window for {@code maxRestarts}
 * @param requestTimeoutMillis how long one run may take before it fails with a timeout and the host is
 *        replaced; 0 for no limit
 * @param listener hears deaths, restarts and giving up
 */
@ProviderType
public record HostOptions(boolean restart, int maxRestarts, int restartWindowSeconds, long requestTimeoutMillis,
        HostListener listener) {
    /**
     * Checks the values.
     *
     * @param restart restart on death
     * @param maxRestarts deaths before giving up
     * @param restartWindowSeconds the window
     * @param requestTimeoutMillis the run limit
     * @param listener the listener
     */
    public HostOptions {
        Objects.requireNonNull(listener, "listener");
        if (maxRestarts < 0 || restartWindowSeconds < 0 || requestTimeoutMillis < 0) {
            throw new IllegalArgumentException("negative host option");
        }
    }

    /**
     * A trial's host: never restarted, 60 s per run.
     *
     * @return the options
     */
    public static HostOptions trial() {
        return new HostOptions(false, 0, 0, 60_000, HostListener.NONE);
    }

    /**
     * A serving host: restarted with backoff, given up after 3 deaths in 5 minutes, 30 s per run.
     *
     * @param listener hears deaths, restarts and giving up
     * @return the options
     */
    public static HostOptions serving(HostListener listener) {
        return new HostOptions(true, 3, 300, 30_000, listener);
    }
}
