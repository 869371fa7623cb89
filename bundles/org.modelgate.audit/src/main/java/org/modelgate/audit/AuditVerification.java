package org.modelgate.audit;

/**
 * The result of {@link AuditLog#verify()}: how much was checked and the first break, if any.
 *
 * <p>Made by the provider of {@link AuditLog}. A log that verifies proves that no entry was edited,
 * removed or moved, except at its end: whoever can write the file can still drop the last entries, or
 * rewrite the whole file with fresh hashes. Compare {@link #headHash()} with a copy kept elsewhere to
 * catch that.
 *
 * @param entriesChecked how many entries were read and found sound before the first break
 * @param lastSequence the sequence of the last sound entry, 0 if none
 * @param headHash the hash of the last sound entry, {@link AuditEntry#GENESIS_HASH} if none
 * @param recoveredTails how many torn tails (partial lines left by a crash) were found, each named by
 *        an {@code audit.recovered} entry right after it
 * @param firstBreak the first problem, or null when the log is sound
 */
public record AuditVerification(long entriesChecked, long lastSequence, String headHash, int recoveredTails,
        Break firstBreak) {

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
        MALFORMED
    }

    /**
     * The first place the chain is broken.
     *
     * @param line the line number in the file, from 1
     * @param sequence the sequence number that line claims, or -1 when it cannot be read
     * @param reason what kind of break
     * @param message what exactly is wrong, for the operator
     */
    public record Break(long line, long sequence, Reason reason, String message) {
        /**
         * One line for a console: {@code line 7 (sequence 7): EDITED: ...}.
         *
         * @return the description
         */
        public String describe() {
            return "line " + line + (sequence >= 0 ? " (sequence " + sequence + ")" : "") + ": " + reason + ": " + message;
        }
    }
}
