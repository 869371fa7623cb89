package org.modelgate.audit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLogException;
import org.modelgate.audit.AuditVerification;
import org.modelgate.audit.AuditVerification.Break;
import org.modelgate.audit.AuditVerification.Reason;

/**
 * Walks the file from its first line and checks each entry: canonical form, its own hash, its
 * sequence number and its link to the entry before. Stops at the first break, except that after a
 * sequence jump it reads on to tell a deletion (the missing numbers are nowhere) from a reordering
 * (they come later).
 *
 * <p>Lines that are no entry are accepted only when the entry right after them is an
 * {@code audit.recovered} entry naming exactly their offset, length and SHA-256.
 */
final class ChainVerifier implements Consumer<LogLine> {
    private long expectedSequence = 1;
    private String previousHash = AuditEntry.GENESIS_HASH;
    private long checked;
    private int recovered;
    private final List<LogLine> unreadable = new ArrayList<>();
    private String firstUnreadableProblem;
    private Break firstBreak;
    private long missingSequence = -1;
    private Break gap;
    private final Set<Long> anchored;
    private final Map<Long, SoundEntry> anchoredEntries = new HashMap<>();
    private final List<SoundEntry> markers = new ArrayList<>();
    private long lines;

    /** A sound entry's place and hash. */
    record SoundEntry(long line, long sequence, String hash) {
    }

    private ChainVerifier(Set<Long> anchored) {
        this.anchored = anchored;
    }

    static AuditVerification verify(Path file, long limit) {
        return walk(file, limit, Set.of()).result();
    }

    /**
     * Checks the chain and notes, on the way, the sound entries whose sequences are in {@code anchored}
     * (the checkpoints' sequences) and every sound {@code audit.checkpoint} entry.
     */
    static ChainVerifier walk(Path file, long limit, Set<Long> anchored) {
        ChainVerifier verifier = new ChainVerifier(anchored);
        try {
            LogLines.forEach(file, limit, verifier);
        } catch (IOException e) {
            throw new AuditLogException("cannot read the audit log " + file + ": " + AuditFile.describe(e), e);
        }
        return verifier;
    }

    /** The sound entry of a sequence named by a checkpoint, or null when the sound chain does not hold it. */
    SoundEntry anchoredEntry(long sequence) {
        return anchoredEntries.get(sequence);
    }

    /** The sound {@code audit.checkpoint} entries, in order. */
    List<SoundEntry> markers() {
        return markers;
    }

    /** How many lines the file has. */
    long lines() {
        return lines;
    }

    @Override
    public void accept(LogLine line) {
        lines = line.number();
        if (missingSequence >= 0) {
            lookForMissing(line);
            return;
        }
        if (firstBreak != null) {
            return;
        }
        AuditEntry entry;
        try {
            entry = EntryCodec.parse(line.bytes(), 0, line.bytes().length);
        } catch (MalformedEntryException e) {
            if (unreadable.isEmpty()) {
                firstUnreadableProblem = e.getMessage();
            }
            unreadable.add(line);
            return;
        }
        if (!unreadable.isEmpty()) {
            if (!namesTheUnreadableLines(entry, line)) {
                firstBreak = unreadableBreak();
                return;
            }
            recovered++;
            unreadable.clear();
        }
        check(entry, line);
    }

    private void check(AuditEntry entry, LogLine line) {
        long sequence = entry.sequence();
        if (!EntryCodec.expectedHash(entry).equals(entry.hash())) {
            firstBreak = new Break(line.number(), sequence, Reason.EDITED,
                    "the entry's content does not match its hash: a field was changed after it was written");
        } else if (sequence < expectedSequence) {
            firstBreak = new Break(line.number(), sequence, Reason.REORDERED,
                    "sequence " + sequence + " comes after sequence " + (expectedSequence - 1));
        } else if (sequence > expectedSequence) {
            missingSequence = expectedSequence;
            gap = new Break(line.number(), sequence, Reason.DELETED, expectedSequence == sequence - 1
                    ? "entry " + expectedSequence + " is missing (sequence jumps from " + (expectedSequence - 1) + " to " + sequence + ")"
                    : "entries " + expectedSequence + " to " + (sequence - 1) + " are missing");
        } else if (!entry.previousHash().equals(previousHash)) {
            firstBreak = new Break(line.number(), sequence, Reason.EDITED, sequence == 1
                    ? "the first entry does not start the chain (its 'prev' is not 64 zeros)"
                    : "the entry does not chain to entry " + (sequence - 1)
                            + " (its 'prev' is not that entry's hash): entry " + (sequence - 1) + " was rewritten");
        } else {
            checked++;
            expectedSequence++;
            previousHash = entry.hash();
            SoundEntry sound = new SoundEntry(line.number(), sequence, entry.hash());
            if (anchored.contains(sequence)) {
                anchoredEntries.put(sequence, sound);
            }
            if (Checkpointer.MARKER.equals(entry.action())) {
                markers.add(sound);
            }
        }
    }

    private void lookForMissing(LogLine line) {
        try {
            if (EntryCodec.parse(line.bytes(), 0, line.bytes().length).sequence() == missingSequence) {
                firstBreak = new Break(gap.line(), gap.sequence(), Reason.REORDERED, "sequence " + gap.sequence()
                        + " comes before sequence " + missingSequence + " (found further on, at line " + line.number() + ")");
                missingSequence = -1;
            }
        } catch (MalformedEntryException e) {
            // only looking for the missing sequence
        }
    }

    private boolean namesTheUnreadableLines(AuditEntry entry, LogLine line) {
        long from = unreadable.get(0).offset();
        ByteArrayOutputStream dropped = new ByteArrayOutputStream();
        for (LogLine bad : unreadable) {
            dropped.writeBytes(bad.bytes());
            dropped.write('\n');
        }
        return AuditFile.RECOVERED.equals(entry.action())
                && Long.toString(from).equals(entry.details().get("droppedOffset"))
                && Long.toString(line.offset() - from).equals(entry.details().get("droppedBytes"))
                && EntryHash.sha256(dropped.toByteArray()).equals(entry.details().get("droppedSha256"));
    }

    private Break unreadableBreak() {
        LogLine first = unreadable.get(0);
        if (unreadable.size() == 1 && !first.terminated()) {
            return new Break(first.number(), -1, Reason.TRUNCATED, "the last line stops after " + first.bytes().length
                    + " bytes (a crash while writing, or the file was cut short): " + firstUnreadableProblem);
        }
        return new Break(first.number(), -1, Reason.MALFORMED, "not an audit entry: " + firstUnreadableProblem);
    }

    AuditVerification result() {
        if (missingSequence >= 0) {
            firstBreak = gap;
        }
        if (firstBreak == null && !unreadable.isEmpty()) {
            firstBreak = unreadableBreak();
        }
        return new AuditVerification(checked, expectedSequence - 1, previousHash, recovered, firstBreak);
    }
}
