package org.modelgate.access.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLog;
import org.modelgate.audit.AuditVerification;

/** The audit log's contract, kept in memory: what was recorded, in order (the real log runs in the itests). */
final class RecordingAudit implements AuditLog {
    record Entry(String actor, String action, String subject, Map<String, String> details) {
    }

    final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public AuditEntry record(String actor, String action, String subject, Map<String, String> details) {
        entries.add(new Entry(actor, action, subject, Map.copyOf(details)));
        return null;
    }

    @Override
    public List<AuditEntry> tail(int n) {
        throw new UnsupportedOperationException("not used here");
    }

    @Override
    public AuditVerification verify() {
        throw new UnsupportedOperationException("not used here");
    }
}
