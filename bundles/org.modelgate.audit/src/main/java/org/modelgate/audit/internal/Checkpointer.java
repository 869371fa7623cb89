package org.modelgate.audit.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.modelgate.audit.AuditCheckpoint;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.CheckpointListener;
import org.modelgate.audit.CheckpointSigner;

/**
 * Makes checkpoints: appends an {@code audit.checkpoint} entry to the log, signs its sequence and hash,
 * appends that to the checkpoint file, then tells the listeners.
 *
 * <p>The entry and the checkpoint are written under the log's monitor, so nothing comes between them:
 * a crash in between leaves the entry last in the log, and {@link #resume} signs it at the next start.
 * When signing fails (the key is unavailable), the entry waits and is signed with the next checkpoint.
 * Entries in the log say that checkpoints exist: deleting the checkpoint file is seen by verification.
 */
final class Checkpointer {
    static final String MARKER = "audit.checkpoint";
    /** Detail of a checkpoint entry: the sequence of the checkpoint before it, 0 for the first. */
    static final String PREVIOUS = "previousCheckpoint";
    private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

    private final AuditFile log;
    private final CheckpointFile checkpoints;
    private final int everyEntries;
    private final Supplier<Instant> clock;
    private final Supplier<CheckpointSigner> signer;
    private final Supplier<List<CheckpointListener>> listeners;
    private long sinceLast;
    private long lastCheckpointed;
    private AuditEntry pending;
    private boolean warnedNoSigner;

    Checkpointer(AuditFile log, CheckpointFile checkpoints, int everyEntries, Supplier<Instant> clock,
            Supplier<CheckpointSigner> signer, Supplier<List<CheckpointListener>> listeners) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.everyEntries = everyEntries;
        this.clock = clock;
        this.signer = signer;
        this.listeners = listeners;
    }

    /** At start: finds the last checkpoint, and the {@code audit.checkpoint} entry a crash left unsigned. */
    synchronized void resume() {
        lastCheckpointed = checkpoints.read().stream().filter(line -> line.checkpoint() != null)
                .mapToLong(line -> line.checkpoint().sequence()).max().orElse(0);
        List<AuditEntry> last = log.tail(1);
        if (last.isEmpty() || !MARKER.equals(last.get(0).action()) || last.get(0).sequence() <= lastCheckpointed) {
            return;
        }
        AuditEntry marker = last.get(0);
        if (Long.toString(lastCheckpointed).equals(marker.details().get(PREVIOUS))) {
            // A stop between the entry and its checkpoint: sign it now.
            pending = marker;
            checkpoint("resumed");
        } else {
            LOG.log(System.Logger.Level.WARNING, "the audit log's last checkpoint entry (sequence " + marker.sequence()
                    + ") follows a checkpoint at sequence " + marker.details().get(PREVIOUS) + ", but the checkpoint file "
                    + checkpoints.path() + " ends at " + lastCheckpointed + ": it was cut short, replaced or deleted;"
                    + " mg:audit verify reports it");
        }
    }

    /** The sequence of an {@code audit.checkpoint} entry still waiting for its checkpoint, or -1. */
    synchronized long pendingSequence() {
        return pending == null ? -1 : pending.sequence();
    }

    /** Counts a recorded entry; makes a checkpoint every {@code everyEntries} of them. */
    void entryRecorded() {
        boolean due;
        synchronized (this) {
            due = everyEntries > 0 && ++sinceLast >= everyEntries;
        }
        if (due) {
            checkpoint("every " + everyEntries + " entries");
        }
    }

    /** Makes a checkpoint if entries were recorded since the last one (the timer, a clean stop). */
    void checkpointIfAdvanced(String reason) {
        boolean advanced;
        synchronized (this) {
            advanced = pending != null || log.lastSequence() > lastCheckpointed;
        }
        if (advanced) {
            checkpoint(reason);
        }
    }

    private void checkpoint(String reason) {
        AuditCheckpoint written;
        synchronized (this) {
            CheckpointSigner current = signer.get();
            if (current == null) {
                if (!warnedNoSigner) {
                    warnedNoSigner = true;
                    LOG.log(System.Logger.Level.WARNING, "no audit checkpoint written: " + CheckpointVerifier.NO_SIGNER);
                }
                return;
            }
            warnedNoSigner = false;
            synchronized (log) {
                if (pending == null) {
                    pending = log.append(clock.get(), "modelgate", MARKER, checkpoints.path().getFileName().toString(),
                            Map.of("reason", reason, PREVIOUS, Long.toString(lastCheckpointed)));
                }
                written = write(current, pending);
            }
        }
        if (written != null) {
            tellListeners(written);
        }
    }

    private AuditCheckpoint write(CheckpointSigner current, AuditEntry entry) {
        try {
            Instant time = clock.get().truncatedTo(ChronoUnit.MILLIS); // the checkpoint file's form
            byte[] signature = current.sign(AuditCheckpoint.statement(entry.sequence(), entry.hash(), time));
            AuditCheckpoint checkpoint = new AuditCheckpoint(entry.sequence(), entry.hash(), time, current.keyId(), signature);
            checkpoints.append(checkpoint);
            pending = null;
            lastCheckpointed = entry.sequence();
            sinceLast = 0;
            return checkpoint;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit checkpoint for sequence " + entry.sequence() + " not written ("
                    + e + "); it is retried with the next checkpoint", e);
            return null;
        }
    }

    private void tellListeners(AuditCheckpoint checkpoint) {
        for (CheckpointListener listener : listeners.get()) {
            try {
                listener.checkpointWritten(checkpoint);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "checkpoint listener " + listener + " failed on sequence "
                        + checkpoint.sequence() + ": " + e);
            }
        }
    }
}
