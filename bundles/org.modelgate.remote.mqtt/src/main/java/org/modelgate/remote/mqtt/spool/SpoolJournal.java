package org.modelgate.remote.mqtt.spool;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.ObjLongConsumer;

/**
 * The spool's file: an append-only journal of {@link SpoolRecord}s after an 8-byte magic. Appends go to the end
 * and are forced to the disk ({@link FileChannel#force(boolean) force(false)}, i.e. fdatasync) when the caller
 * needs them durable; replay stops at the first torn or damaged record and cuts the file there. When most of it
 * is garbage it is rewritten to a temporary file, forced, and atomically moved over the old one.
 */
final class SpoolJournal implements Closeable {
    /** The journal's name in the spool folder. */
    static final String FILE = "spool.log";
    private static final String REWRITE = "spool.log.rewrite";
    private static final byte[] MAGIC = "MGSPOOL1".getBytes(StandardCharsets.US_ASCII);
    /** No record is larger: a length beyond it is damage, not a record. */
    private static final int MAX_RECORD = Integer.MAX_VALUE - 64;

    private final Path folder;
    private final Path file;
    private FileChannel channel;
    private long end;

    private SpoolJournal(Path folder) {
        this.folder = folder;
        this.file = folder.resolve(FILE);
    }

    /**
     * Opens (or creates) the journal in a folder and replays it.
     *
     * @param folder the spool folder, created when missing
     * @param replay told every intact record with the file offset it starts at, in file order
     * @return the journal, positioned after its last intact record
     * @throws IOException when the folder or file cannot be used, or the file is not a spool journal
     */
    static Opened open(Path folder, ObjLongConsumer<SpoolRecord> replay) throws IOException {
        Files.createDirectories(folder);
        Files.deleteIfExists(folder.resolve(REWRITE));
        SpoolJournal journal = new SpoolJournal(folder);
        SpoolRecovery recovery = journal.openAndReplay(replay);
        return new Opened(journal, recovery);
    }

    /**
     * An opened journal and what its replay found.
     *
     * @param journal the journal
     * @param recovery what was cut off a damaged tail, if anything
     */
    record Opened(SpoolJournal journal, SpoolRecovery recovery) {
    }

    private SpoolRecovery openAndReplay(ObjLongConsumer<SpoolRecord> replay) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long length = channel.size();
        if (length < MAGIC.length) {
            // New, or torn while it was being created: nothing in it can be an entry yet.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(MAGIC), 0);
            channel.force(true);
            forceFolder();
            end = MAGIC.length;
            return SpoolRecovery.clean(length);
        }
        ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
        channel.read(magic, 0);
        if (!java.util.Arrays.equals(magic.array(), MAGIC)) {
            channel.close();
            throw new IOException(file + " is not a Modelgate spool journal (it does not start with "
                    + new String(MAGIC, StandardCharsets.US_ASCII) + "); move it away or point the spool elsewhere");
        }
        long good = MAGIC.length;
        String damage = null;
        long lastSeq = 0;
        try (InputStream stream = Channels.newInputStream(channel.position(MAGIC.length));
                DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16))) {
            while (good < length) {
                if (length - good < SpoolRecord.FRAME) {
                    damage = "a partly written record header";
                    break;
                }
                int bodyLength = in.readInt();
                int crc = in.readInt();
                if (bodyLength < 1 || bodyLength > MAX_RECORD || bodyLength > length - good - SpoolRecord.FRAME) {
                    damage = bodyLength > length - good - SpoolRecord.FRAME && bodyLength > 0
                            ? "a partly written record" : "a damaged record length (" + bodyLength + ")";
                    break;
                }
                byte[] body = new byte[bodyLength];
                in.readFully(body);
                ByteBuffer buffer = ByteBuffer.wrap(body);
                if (SpoolRecord.crc(buffer, 0, bodyLength) != crc) {
                    damage = "a record whose checksum does not match";
                    break;
                }
                SpoolRecord record;
                try {
                    record = SpoolRecord.readBody(buffer);
                } catch (RuntimeException e) {
                    damage = "a record that cannot be read (" + e.getMessage() + ")";
                    break;
                }
                replay.accept(record, good);
                if (record.type() == SpoolRecord.Type.ENTRY) {
                    lastSeq = record.seq();
                }
                good += SpoolRecord.FRAME + bodyLength;
            }
        } catch (EOFException e) {
            damage = "a record cut short";
        }
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        end = good;
        if (good < length) {
            channel.truncate(good);
            channel.force(true);
            return SpoolRecovery.cut(file, good, length - good, damage, lastSeq);
        }
        return SpoolRecovery.clean(0);
    }

    /**
     * Appends records at the end, forcing them to the disk when asked.
     *
     * @param records the records
     * @param force whether they must be on the disk when this returns
     * @return the file offset each record starts at
     * @throws IOException when the write or the force fails
     */
    long[] append(List<SpoolRecord> records, boolean force) throws IOException {
        int size = 0;
        for (SpoolRecord record : records) {
            size += record.size();
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        long[] offsets = new long[records.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = end + buffer.position();
            records.get(i).writeTo(buffer);
        }
        buffer.flip();
        long at = end;
        try {
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            // Whatever part of it reached the file must not be replayed as if it had happened.
            try {
                channel.truncate(end);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        end = at;
        return offsets;
    }

    /** Forces what was appended without force to the disk. */
    void force() throws IOException {
        channel.force(false);
    }

    /**
     * Reads bytes of an entry's payload.
     *
     * @param offset where they start in the file
     * @param length how many
     * @return the bytes
     * @throws IOException when they cannot be read
     */
    byte[] read(long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new EOFException(file + " ends before the payload at " + offset + " (" + length + " bytes)");
            }
        }
        return buffer.array();
    }

    /** The journal's length in bytes. */
    long size() {
        return end;
    }

    /**
     * Starts a rewrite: records written to it replace the journal once {@link Rewrite#commit()} returns.
     *
     * @return the rewrite
     * @throws IOException when the temporary file cannot be made
     */
    Rewrite rewrite() throws IOException {
        return new Rewrite();
    }

    /** A new journal being written beside the old one. */
    final class Rewrite implements Closeable {
        private final Path target = folder.resolve(REWRITE);
        private final FileChannel out;
        private long position = MAGIC.length;
        private boolean committed;

        private Rewrite() throws IOException {
            out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.READ);
            out.write(ByteBuffer.wrap(MAGIC), 0);
        }

        /**
         * Writes a record to the new journal.
         *
         * @param record the record
         * @return its offset in the new journal
         * @throws IOException when it cannot be written
         */
        long write(SpoolRecord record) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(record.size());
            record.writeTo(buffer);
            buffer.flip();
            long at = position;
            while (buffer.hasRemaining()) {
                position += out.write(buffer, position);
            }
            return at;
        }

        /**
         * Forces the new journal and moves it over the old one; the journal appends to it from now on.
         *
         * @throws IOException when it cannot be forced or moved (the old journal is still in use then)
         */
        void commit() throws IOException {
            out.force(true);
            Files.move(target, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileChannel old = channel;
            channel = out;
            end = position;
            committed = true;
            forceFolder();
            try {
                old.close();
            } catch (IOException e) {
                // the old file is unlinked already; nothing of it is used any more
            }
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                out.close();
                Files.deleteIfExists(target);
            }
        }
    }

    /** Makes a created or renamed file's name durable (Linux: fsync of the directory). */
    private void forceFolder() {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open a directory; the rename is still atomic there.
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
