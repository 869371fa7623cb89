package org.modelgate.api;

import java.time.Instant;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One step in the life of a model version on this gateway, as the registry's history records it.
 *
 * @param time when it happened
 * @param version the version it concerns
 * @param kind what happened
 * @param reason why (a failed golden sample, a refused downgrade, a restart during trial), or null
 */
@ProviderType
public record VersionEvent(Instant time, String version, Kind kind, String reason) {
    /** What happened to a version. */
    public enum Kind {
        /** Written into the repository (installed), not serving yet. */
        INSTALLED,
        /** Loaded and being checked against its golden samples before taking traffic. */
        TRIAL,
        /** Passed its trial and serves; the version the gateway returns to after a restart. */
        COMMITTED,
        /** Failed its trial (or a restart interrupted it); the last committed version kept serving. */
        ROLLED_BACK,
        /** Deleted from the repository. */
        REMOVED,
        /**
         * The process running it died while it was loading, in trial, or serving (a native crash, a kill):
         * quarantined, never loaded again until an operator activates it with force.
         */
        CRASHED
    }

    /**
     * Creates an event.
     *
     * @param time the time
     * @param version the version
     * @param kind the kind
     * @param reason the reason, or null
     */
    public VersionEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
    }
}
