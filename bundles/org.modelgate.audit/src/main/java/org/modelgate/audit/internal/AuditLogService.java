package org.modelgate.audit.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLog;
import org.modelgate.audit.AuditVerification;
import org.modelgate.audit.CheckpointListener;
import org.modelgate.audit.CheckpointSigner;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link AuditLog} service over one file. Entries are recorded one at a time (the file's monitor),
 * each synced before {@code record} returns; reads see only synced lines and take no lock.
 *
 * <p>Anchored by signed checkpoints ({@link Checkpointer}) when a {@link CheckpointSigner} is registered:
 * every {@code checkpointEveryEntries} entries, every {@code checkpointIntervalSeconds} when the log
 * advanced, and at a clean stop. Every {@link CheckpointListener} is told of each one.
 */
@Component(service = AuditLog.class, configurationPid = AuditLogConfig.PID)
@Designate(ocd = AuditLogConfig.class)
public class AuditLogService implements AuditLog {
    private static final System.Logger LOG = System.getLogger(AuditLogService.class.getName());

    private final Clock clock;
    private volatile AuditFile file;
    private volatile Checkpointer checkpointer;
    private volatile CheckpointFile checkpointFile;
    private ScheduledExecutorService timer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CheckpointSigner signer;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    final List<CheckpointListener> listeners = new CopyOnWriteArrayList<>();

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
        checkpointFile = new CheckpointFile(config.checkpointFile().isBlank()
                ? opened.path().resolveSibling("checkpoints") : Path.of(config.checkpointFile()));
        Checkpointer anchors = new Checkpointer(opened, checkpointFile, config.checkpointEveryEntries(), this::now,
                () -> signer, () -> listeners);
        anchors.resume();
        checkpointer = anchors;
        if (config.checkpointIntervalSeconds() > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "modelgate-audit-checkpoints");
                thread.setDaemon(true);
                return thread;
            });
            String reason = "every " + config.checkpointIntervalSeconds() + " s";
            timer.scheduleWithFixedDelay(() -> {
                try {
                    anchors.checkpointIfAdvanced(reason);
                } catch (RuntimeException e) {
                    // keep the timer: the next round tries again
                    LOG.log(System.Logger.Level.WARNING, "audit checkpoint (" + reason + ") failed: " + e.getMessage());
                }
            }, config.checkpointIntervalSeconds(), config.checkpointIntervalSeconds(), TimeUnit.SECONDS);
        }
        LOG.log(System.Logger.Level.INFO, "audit log " + opened.path() + ", checkpoints " + checkpointFile.path());
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            // No interrupt: an interrupted FileChannel write closes the log's channel.
            timer.shutdown();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
        Checkpointer anchors = checkpointer;
        if (anchors != null) {
            try {
                anchors.checkpointIfAdvanced("clean stop");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "no audit checkpoint at stop: " + e.getMessage());
            }
        }
        checkpointer = null;
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
        AuditEntry entry = file().append(now(), actor, action, subject, details);
        Checkpointer anchors = checkpointer;
        if (anchors != null) {
            anchors.entryRecorded();
        }
        return entry;
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
        Checkpointer anchors = checkpointer;
        return new CheckpointVerifier(checkpointFile, signer, anchors == null ? -1 : anchors.pendingSequence())
                .verify(current.path(), current.committedSize());
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
