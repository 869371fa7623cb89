package org.modelgate.audit.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLogException;

/**
 * The open log file: appends entries one at a time, each synced before it counts.
 *
 * <p>Holds an exclusive lock on the file so that two gateways never interleave their chains. Only
 * bytes up to {@link #committedSize()} (synced, whole lines) are ever read back.
 */
final class AuditFile implements Closeable {
    static final String RECOVERED = "audit.recovered";

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final ChainHead head;
    private long lastSequence;
    private String lastHash;
    private volatile long committedSize;
    private String failure;

    private AuditFile(Path path, FileChannel channel, FileLock lock, ChainHead head) throws IOException {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.head = head;
        this.lastSequence = head.lastSequence();
        this.lastHash = head.lastHash();
        this.committedSize = channel.size();
    }

    /** Opens (creating if needed) the log and finds where its chain ends. */
    static AuditFile open(Path path) {
        Path absolute = path.toAbsolutePath();
        FileChannel channel = null;
        try {
            Files.createDirectories(absolute.getParent());
            boolean created = !Files.exists(absolute);
            channel = FileChannel.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            if (created) {
                syncDirectory(absolute.getParent());
            }
            FileLock lock = lock(absolute, channel);
            ChainHead head;
            try (FileChannel reader = FileChannel.open(absolute, StandardOpenOption.READ)) {
                head = ChainHead.find(absolute, reader);
            }
            return new AuditFile(absolute, channel, lock, head);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new AuditLogException("cannot open the audit log " + absolute + ": " + describe(e)
                    + " (check the folder exists and is writable, or set 'file' of PID org.modelgate.audit)", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    Path path() {
        return path;
    }

    long committedSize() {
        return committedSize;
    }

    /** The sequence of the last entry written, 0 for an empty log. */
    synchronized long lastSequence() {
        return lastSequence;
    }

    /**
     * Ends what a crash left after the last entry: the bytes stay in the file, closed by a newline, and
     * an {@code audit.recovered} entry names them (offset, length, SHA-256) so that verification can
     * tell them from tampering.
     *
     * @return the recovery entry, or empty when the file ended cleanly
     */
    synchronized Optional<AuditEntry> closeTornTail(Instant time) {
        try {
            if (!head.endsWithNewline()) {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
                channel.force(true);
                committedSize = channel.size();
            }
            if (head.tornOffset() < 0) {
                return Optional.empty();
            }
            byte[] dropped = readRange(head.tornOffset(), committedSize);
            return Optional.of(append(time, "modelgate", RECOVERED, path.getFileName().toString(), Map.of(
                    "droppedOffset", Long.toString(head.tornOffset()),
                    "droppedBytes", Integer.toString(dropped.length),
                    "droppedSha256", EntryHash.sha256(dropped),
                    "reason", "the log did not end with a whole entry (a crash while writing?); the bytes are kept")));
        } catch (IOException e) {
            throw new AuditLogException("cannot close the torn end of the audit log " + path + ": " + describe(e), e);
        }
    }

    /** Appends one entry; returns only once it is synced. */
    synchronized AuditEntry append(Instant time, String actor, String action, String subject, Map<String, String> details) {
        if (failure != null) {
            throw new AuditLogException("the audit log " + path + " cannot take entries since an earlier failure ("
                    + failure + "); fix the cause and restart the audit bundle", null);
        }
        AuditEntry entry = EntryCodec.seal(lastSequence + 1, time, actor, action, subject, details, lastHash);
        byte[] line = EntryCodec.line(entry);
        ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
            committedSize = channel.size();
        } catch (IOException e) {
            undoPartialWrite(e);
            throw new AuditLogException("could not record '" + action + "' in the audit log " + path + ": "
                    + describe(e) + "; nothing was recorded", e);
        }
        lastSequence = entry.sequence();
        lastHash = entry.hash();
        return entry;
    }

    /** The last {@code n} entries, oldest first; lines that are no entry (torn tails) are left out. */
    List<AuditEntry> tail(int n) {
        List<AuditEntry> entries = new ArrayList<>();
        try (FileChannel reader = FileChannel.open(path, StandardOpenOption.READ)) {
            // One torn line per recovery at most sits between entries: read a little more than asked.
            for (LogLine line : LogLines.last(reader, committedSize, n > Integer.MAX_VALUE - 2 ? n : n + 2)) {
                try {
                    entries.add(EntryCodec.parse(line.bytes(), 0, line.bytes().length));
                } catch (MalformedEntryException e) {
                    // not an entry: verification reports it, the tail just shows entries
                }
            }
        } catch (IOException e) {
            throw new AuditLogException("cannot read the audit log " + path + ": " + describe(e), e);
        }
        return entries.subList(Math.max(0, entries.size() - n), entries.size());
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private void undoPartialWrite(IOException cause) {
        try {
            channel.truncate(committedSize);
            channel.force(true);
        } catch (IOException e) {
            cause.addSuppressed(e);
            failure = describe(cause) + ", and the partial line could not be removed: " + describe(e);
        }
    }

    private byte[] readRange(long from, long to) throws IOException {
        try (FileChannel reader = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) (to - from));
            while (buffer.hasRemaining() && reader.read(buffer, from + buffer.position()) >= 0) {
                // keep reading
            }
            return buffer.array();
        }
    }

    private static FileLock lock(Path path, FileChannel channel) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new AuditLogException("the audit log " + path + " is in use by another audit log (is another"
                    + " Modelgate running with the same file?)", null);
        }
        return lock;
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // already failing: the first error is the one reported
            }
        }
    }

    static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
