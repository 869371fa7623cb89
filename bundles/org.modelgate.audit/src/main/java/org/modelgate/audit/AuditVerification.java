package org.modelgate.audit;

/**
 * The result of {@link AuditLog#verify()}: how much was checked and the first break, if any.
 *
 * <p>Made by the provider of {@link AuditLog}. A log that verifies proves that no entry was edited,
 * removed or moved, and, up to the last signed checkpoint, that none was cut off the end and the log
 * was not rewritten with fresh hashes. Entries after the last checkpoint can still be dropped without a
 * trace on the device: compare {@link #headHash()} or the checkpoints with copies kept elsewhere.
 *
 * @param entriesChecked how many entries were read and found sound before the first break
 * @param lastSequence the sequence of the last sound entry, 0 if none
 * @param headHash the hash of the last sound entry, {@link AuditEntry#GENESIS_HASH} if none
 * @param recoveredTails how many torn tails (partial lines left by a crash) were found, each named by
 *        an {@code audit.recovered} entry right after it
 * @param firstBreak the first problem, or null when the log is sound
 * @param checkpointsChecked how many signed checkpoints were matched against the log (since 1.1)
 * @param lastCheckpoint the last checkpoint in the checkpoint file, or null when there is none (since 1.1)
 * @param anchorNote why the log is not (fully) anchored, e.g. no checkpoint signer, or null (since 1.1)
 */
public record AuditVerification(long entriesChecked, long lastSequence, String headHash, int recoveredTails,
        Break firstBreak, long checkpointsChecked, AuditCheckpoint lastCheckpoint, String anchorNote) {

    /**
     * A result without checkpoints (the 1.0 form).
     *
     * @param entriesChecked how many entries were found sound
     * @param lastSequence the last sound sequence
     * @param headHash its hash
     * @param recoveredTails torn tails recovered
     * @param firstBreak the first problem, or null
     */
    public AuditVerification(long entriesChecked, long lastSequence, String headHash, int recoveredTails,
            Break firstBreak) {
        this(entriesChecked, lastSequence, headHash, recoveredTails, firstBreak, 0, null, null);
    }

    /**
     * Whether the whole file is a sound chain.
     *
     * @return true when no break was found
     */
    public boolean ok() {
        return firstBreak == null;
    }

    /** Why a line breaks the chain. */
    public enum Reason {
        /** The entry's content no longer matches its hash, or it no longer matches the next entry's link. */
        EDITED,
        /** Entries are missing: the sequence jumps and the skipped numbers are nowhere in the file. */
        DELETED,
        /** Entries are out of order: a sequence number comes before its turn, or again. */
        REORDERED,
        /** The last line stops part way (a crash while writing, or the file was cut short). */
        TRUNCATED,
        /** A line is not a canonical audit entry (not JSON, a field missing, extra or out of order). */
        MALFORMED,
        /**
         * The log ends before the sequence a signed checkpoint covers: entries were cut off its end.
         *
         * @since 1.1
         */
        BEHIND_CHECKPOINT,
        /**
         * The entry a signed checkpoint covers has another hash now: the log was rewritten, from that entry
         * or before it, with recomputed hashes.
         *
         * @since 1.1
         */
        REWRITTEN,
        /**
         * The log records checkpoints ({@code audit.checkpoint} entries) that the checkpoint file does not
         * hold: the file was deleted, cut short or replaced.
         *
         * @since 1.1
         */
        CHECKPOINT_MISSING,
        /**
         * A checkpoint's signature does not verify, it names another key, or its line is not a checkpoint.
         *
         * @since 1.1
         */
        CHECKPOINT_INVALID
    }

    /**
     * The first place the chain is broken.
     *
     * @param line the line number in the log file, from 1; 0 for a problem of the checkpoint file itself
     * @param sequence the sequence number that line claims, or -1 when it cannot be read
     * @param reason what kind of break
     * @param message what exactly is wrong, for the operator
     */
    public record Break(long line, long sequence, Reason reason, String message) {
        /**
         * One line for a console: {@code line 7 (sequence 7): EDITED: ...}; {@code checkpoints: ...} for a
         * problem of the checkpoint file itself (line 0).
         *
         * @return the description
         */
        public String describe() {
            return (line > 0 ? "line " + line : "checkpoints") + (sequence >= 0 ? " (sequence " + sequence + ")" : "") + ": " + reason + ": " + message;
        }
    }
}
