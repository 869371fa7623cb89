package org.modelgate.audit.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLog;
import org.modelgate.audit.AuditVerification;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link AuditLog} service over one file. Entries are recorded one at a time (the file's monitor),
 * each synced before {@code record} returns; reads see only synced lines and take no lock.
 */
@Component(service = AuditLog.class, configurationPid = AuditLogConfig.PID)
@Designate(ocd = AuditLogConfig.class)
public class AuditLogService implements AuditLog {
    private static final System.Logger LOG = System.getLogger(AuditLogService.class.getName());

    private final Clock clock;
    private volatile AuditFile file;

    /** The component, on the system clock. */
    public AuditLogService() {
        this(Clock.systemUTC());
    }

    AuditLogService(Clock clock) {
        this.clock = clock;
    }

    @Activate
    void activate(AuditLogConfig config) {
        AuditFile opened = AuditFile.open(Path.of(config.file()));
        try {
            opened.closeTornTail(now()).ifPresent(entry -> LOG.log(System.Logger.Level.WARNING, "audit log "
                    + opened.path() + " ended with a torn line; kept it and recorded " + entry.action() + " "
                    + entry.details()));
        } catch (RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
        file = opened;
        LOG.log(System.Logger.Level.INFO, "audit log " + opened.path());
    }

    @Deactivate
    void deactivate() {
        AuditFile closing = file;
        file = null;
        closeQuietly(closing);
    }

    @Override
    public AuditEntry record(String actor, String action, String subject, Map<String, String> details) {
        requireText(actor, "actor");
        requireText(action, "action");
        requireText(subject, "subject");
        Objects.requireNonNull(details, "details (use Map.of() for none)");
        details.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("details of '" + action + "' hold a null key or value: " + details);
            }
        });
        return file().append(now(), actor, action, subject, details);
    }

    @Override
    public List<AuditEntry> tail(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("tail needs a count of 0 or more, got " + n);
        }
        return n == 0 ? List.of() : file().tail(n);
    }

    @Override
    public AuditVerification verify() {
        AuditFile current = file();
        return ChainVerifier.verify(current.path(), current.committedSize());
    }

    private AuditFile file() {
        AuditFile current = file;
        if (current == null) {
            throw new IllegalStateException("the audit log is closed (its component was deactivated)");
        }
        return current;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an audit entry needs a non-blank " + name);
        }
    }

    private static void closeQuietly(AuditFile file) {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the audit log " + file.path() + ": " + e);
            }
        }
    }
}
