package org.modelgate.deploy.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLog;
import org.modelgate.audit.AuditVerification;

/** An audit log that keeps its entries in memory (the real one is tested in the audit bundle). */
final class RecordingAudit implements AuditLog {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized AuditEntry record(String actor, String action, String subject, Map<String, String> details) {
        if (actor.isBlank() || action.isBlank() || subject.isBlank()) {
            throw new IllegalArgumentException("blank actor, action or subject");
        }
        AuditEntry entry = new AuditEntry(entries.size() + 1, Instant.now(), actor, action, subject, details,
                AuditEntry.GENESIS_HASH, AuditEntry.GENESIS_HASH);
        entries.add(entry);
        return entry;
    }

    @Override
    public synchronized List<AuditEntry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
    }

    @Override
    public AuditVerification verify() {
        throw new UnsupportedOperationException("not needed here");
    }

    synchronized List<AuditEntry> entries() {
        return List.copyOf(entries);
    }

    synchronized AuditEntry last() {
        return entries.get(entries.size() - 1);
    }
}
