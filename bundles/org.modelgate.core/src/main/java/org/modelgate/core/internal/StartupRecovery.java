package org.modelgate.core.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A start of the registry after whatever ended the last one, before any model loads: the version that was loading
 * or in trial when the gateway died is quarantined, the end is counted and safe mode decided, then unfinished trials
 * are rolled back and half-written folders removed. In this order, as each step reads what the one before leaves.
 * An orderly stop is recorded as such, so that the next start does not count it as a crash.
 */
final class StartupRecovery {
    private final CrashQuarantine quarantine;
    private final VersionLifecycle lifecycle;
    private final DurableFiles files;
    private final int safeModeCrashes;
    private final Duration safeModeWindow;
    private volatile SafeModeGuard safeMode;

    /**
     * @param safeModeCrashes unclean ends in a row that start safe mode (safeModeCrashes; 0 never does)
     * @param safeModeWindow how close together they must be (safeModeWindowSeconds)
     */
    StartupRecovery(CrashQuarantine quarantine, VersionLifecycle lifecycle, DurableFiles files, int safeModeCrashes,
            Duration safeModeWindow) {
        this.quarantine = quarantine;
        this.lifecycle = lifecycle;
        this.files = files;
        this.safeModeCrashes = safeModeCrashes;
        this.safeModeWindow = safeModeWindow;
    }

    /** @return the safe mode this start runs under */
    SafeModeGuard recover() {
        Optional<UncleanEnds.End> lastEnd = quarantine.recover(); // before the lifecycle removes the trial markers it reads
        Path crashReports = quarantine.crashReports();
        SafeModeGuard guard = new SafeModeGuard(new UncleanEnds(files, crashReports), safeModeCrashes, safeModeWindow);
        safeMode = guard;
        guard.atStart(lastEnd, Instant.now());
        lifecycle.recover();
        return guard;
    }

    /** At deactivation (also after an activation that failed half-way). */
    void stopped() {
        quarantine.stopped();
        SafeModeGuard guard = safeMode;
        if (guard != null) {
            guard.stopped();
        }
    }
}
