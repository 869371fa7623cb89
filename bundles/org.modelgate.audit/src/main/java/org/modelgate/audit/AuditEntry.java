package org.modelgate.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One line of the audit log: who did what to which thing, when, and the hashes that chain it to the
 * line before.
 *
 * <p>Made by the provider of {@link AuditLog}. {@code hash} is the SHA-256 (lower-case hex) of the
 * entry's canonical JSON line without the {@code hash} field; that line contains {@code previousHash},
 * which is how each entry commits to the whole log before it. The first entry's previous hash is
 * {@link #GENESIS_HASH}.
 *
 * @param sequence 1 for the first entry, then one more per entry
 * @param time when it was recorded, UTC, millisecond precision (written as ISO-8601, e.g. {@code 2025-03-01T10:15:30.123Z})
 * @param actor who made the change
 * @param action what happened, e.g. {@code bundle.installed}
 * @param subject what it happened to
 * @param details further facts, sorted by key, unmodifiable
 * @param previousHash the hash of the entry before, or {@link #GENESIS_HASH}
 * @param hash this entry's hash
 */
public record AuditEntry(long sequence, Instant time, String actor, String action, String subject,
        Map<String, String> details, String previousHash, String hash) {

    /** What the first entry chains to: 64 zeros. */
    public static final String GENESIS_HASH = "0".repeat(64);

    /**
     * An entry; details are copied and sorted by key.
     */
    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
        details = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(details, "details")));
    }
}
