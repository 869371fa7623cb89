package org.modelgate.fleet.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLog;
import org.modelgate.audit.AuditVerification;

/** An audit log that keeps its entries in memory (the real one's chain and files are org.modelgate.audit's tests). */
final class RecordingAudit implements AuditLog {
    final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public AuditEntry record(String actor, String action, String subject, Map<String, String> details) {
        AuditEntry e = new AuditEntry(entries.size() + 1, Instant.now(), actor, action, subject, details,
                AuditEntry.GENESIS_HASH, AuditEntry.GENESIS_HASH);
        entries.add(e);
        return e;
    }

    @Override
    public List<AuditEntry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
    }

    @Override
    public AuditVerification verify() {
        throw new UnsupportedOperationException("not needed here");
    }

    List<AuditEntry> actions(String action) {
        return entries.stream().filter(e -> e.action().equals(action)).toList();
    }
}
