package org.modelgate.audit.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.modelgate.audit.AuditEntry;

/**
 * What an attacker who can write the log file does to hide an edit: changes an entry and recomputes every hash from
 * there on, so that the chain alone still holds and only the signed checkpoints can tell.
 */
final class ChainForgery {
    private ChainForgery() {
    }

    /** Changes the subject of entry {@code index + 1} and reseals it and every entry after it. */
    static void rewriteFrom(List<String> lines, int index, String subject) {
        List<String> rewritten = new ArrayList<>(lines.subList(0, index));
        String previous = index == 0 ? AuditEntry.GENESIS_HASH : parse(lines.get(index - 1)).hash();
        for (int i = index; i < lines.size(); i++) {
            AuditEntry old = parse(lines.get(i));
            AuditEntry entry = EntryCodec.seal(old.sequence(), old.time(), old.actor(), old.action(),
                    i == index ? subject : old.subject(), old.details(), previous);
            rewritten.add(new String(EntryCodec.line(entry), StandardCharsets.UTF_8));
            previous = entry.hash();
        }
        lines.clear();
        lines.addAll(rewritten);
    }

    private static AuditEntry parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            return EntryCodec.parse(bytes, 0, bytes.length);
        } catch (MalformedEntryException e) {
            throw new AssertionError(e);
        }
    }
}
