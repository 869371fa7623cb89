package org.modelgate.remote.mqtt.spool;

import java.nio.file.Path;

/**
 * What opening the spool had to cut off its journal: nothing after a clean shutdown or a crash between records; the
 * torn or damaged tail otherwise (a crash in the middle of a write, a disk error). Entries before the cut survive.
 *
 * @param cut whether a damaged or torn tail was cut off
 * @param discardedBytes bytes cut off the end of the journal (0 when nothing was)
 * @param message what happened in words, for the log and {@code mg:remote}; empty when there is nothing to say
 */
public record SpoolRecovery(boolean cut, long discardedBytes, String message) {
    static SpoolRecovery clean(long tornHeaderBytes) {
        return new SpoolRecovery(false, tornHeaderBytes, tornHeaderBytes == 0 ? ""
                : "the spool journal was shorter than its header (" + tornHeaderBytes + " bytes, torn while it was made):"
                        + " started afresh, no entry was lost");
    }

    static SpoolRecovery cut(Path file, long at, long bytes, String damage, long lastSeq) {
        return new SpoolRecovery(true, bytes, file + ": " + damage + " at byte " + at + "; cut " + bytes
                + " bytes off the end. Entries up to seq " + lastSeq + " are kept; what was written after them had not"
                + " been reported durable (a crash in the middle of a write) or was damaged on the disk, and is lost.");
    }
}
