package org.modelgate.audit.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLogException;

/**
 * Where the chain continues when the log is opened: the last entry in the file and anything torn
 * after it.
 *
 * <p>Reads only the end of the file (at most {@link #MAX_TORN_TAIL} bytes), not the whole log.
 *
 * @param lastSequence the last entry's sequence, 0 for an empty log
 * @param lastHash the last entry's hash, {@link AuditEntry#GENESIS_HASH} for an empty log
 * @param tornOffset where the bytes that are no entry begin, or -1 when the file ends with an entry
 * @param endsWithNewline whether the file's last byte is a newline (true for an empty file)
 */
record ChainHead(long lastSequence, String lastHash, long tornOffset, boolean endsWithNewline) {
    /** The most bytes after the last entry that are taken for a crash's leftovers rather than a foreign file. */
    static final int MAX_TORN_TAIL = 1 << 20;

    static ChainHead find(Path path, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return new ChainHead(0, AuditEntry.GENESIS_HASH, -1, true);
        }
        long window = Math.min(size, MAX_TORN_TAIL);
        List<LogLine> lines = LogLines.last(channel, size, Integer.MAX_VALUE, window);
        boolean endsWithNewline = lines.isEmpty() || lines.get(lines.size() - 1).terminated();
        for (int i = lines.size() - 1; i >= 0; i--) {
            LogLine line = lines.get(i);
            try {
                AuditEntry entry = EntryCodec.parse(line.bytes(), 0, line.bytes().length);
                long torn = line.end() == size || !line.terminated() ? -1 : line.end();
                return new ChainHead(entry.sequence(), entry.hash(), torn, endsWithNewline);
            } catch (MalformedEntryException e) {
                // part of a torn tail, or not an audit log: decided below
            }
        }
        if (window == size && lines.size() == 1 && !endsWithNewline) {
            // The very first write was cut short.
            return new ChainHead(0, AuditEntry.GENESIS_HASH, 0, false);
        }
        throw new AuditLogException(window == size
                ? path + " is not an audit log (no line in it is an audit entry): configure another file"
                        + " (PID org.modelgate.audit, property 'file'), or move this one away"
                : "the last " + window + " bytes of " + path + " hold no audit entry: it is not an audit log, or"
                        + " was damaged; run a verification on a copy, keep it as evidence and move it away", null);
    }
}
