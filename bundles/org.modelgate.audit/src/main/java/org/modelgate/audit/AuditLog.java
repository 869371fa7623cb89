package org.modelgate.audit;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The append-only audit log: every entry carries the hash of the one before, so editing, deleting or
 * reordering entries breaks the chain and {@link #verify()} says where.
 *
 * <p>Implemented by the audit bundle; called by whatever changes the gateway (model activation, bundle
 * changes, trust store changes). {@link #record} returns only once the entry is on disk (fsync), so a
 * change that must be audited can be refused when recording fails.
 *
 * <pre>
 * &#64;Reference AuditLog audit;
 *
 * AuditEntry entry = audit.record("admin", "model.activated", "iris 1.1.0",
 *         Map.of("previous", "1.0.0", "via", "mg:activate"));
 * audit.tail(10).forEach(e -&gt; System.out.println(e.sequence() + " " + e.action() + " " + e.subject()));
 * AuditVerification check = audit.verify();
 * if (!check.ok()) {
 *     System.err.println(check.firstBreak().describe());
 * }
 * </pre>
 */
@ProviderType
public interface AuditLog {
    /**
     * Appends one entry and returns once it is durably on disk.
     *
     * @param actor who made the change: a user name, {@code "framework"}, a bundle's symbolic name
     * @param action what happened, dotted lower case: {@code "model.activated"}, {@code "bundle.installed"}
     * @param subject what it happened to: {@code "iris 1.1.0"}, {@code "org.example.foo 1.0.0"}
     * @param details further facts as text (kept in key order); may be empty, never null
     * @return the entry as written, with its sequence number, time and hashes
     * @throws AuditLogException if the entry could not be written and synced; nothing was recorded
     * @throws IllegalArgumentException if actor, action or subject is blank
     */
    AuditEntry record(String actor, String action, String subject, Map<String, String> details);

    /**
     * The last entries, oldest first.
     *
     * @param n how many at most; 0 gives an empty list
     * @return up to {@code n} entries in the order they were recorded
     * @throws AuditLogException if the file cannot be read
     */
    List<AuditEntry> tail(int n);

    /**
     * Re-reads the whole file and checks every line, its hash and its link to the line before.
     *
     * @return how many entries were checked and the first break found, if any
     * @throws AuditLogException if the file cannot be read at all
     */
    AuditVerification verify();
}
