package org.modelgate.packaging.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.PackageProblem;

/**
 * Reads a zip's central directory from raw bytes, for what {@link java.util.zip.ZipFile} does not
 * show: each entry's external attributes (file type: links, devices), its flags, and the exact
 * names and their count, to compare with what {@code ZipFile} will extract.
 */
final class CentralDirectory {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int EOCD64_LOCATOR_SIG = 0x07064b50;
    private static final int EOCD64_SIG = 0x06064b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int EOCD_SIZE = 22;
    private static final int CENTRAL_SIZE = 46;
    private static final int MAX_DIRECTORY_BYTES = 64 << 20;

    /** One central directory record. */
    record Entry(String name, int flags, int method, int madeBy, int externalAttributes) {
        boolean encrypted() {
            return (flags & 1) != 0;
        }

        /** The Unix file type bits (S_IFMT) of the external attributes; 0 when none were stored. */
        int unixType() {
            return (externalAttributes >>> 16) & 0xF000;
        }
    }

    private CentralDirectory() {
    }

    /**
     * Reads the central directory.
     *
     * @param channel the package, opened for reading
     * @param maxEntries refuse before reading more
     * @param fileName the package's name, for messages
     * @return the entries in directory order
     * @throws ModelPackageException TRUNCATED, CORRUPT or TOO_MANY_ENTRIES
     * @throws IOException when reading fails
     */
    static List<Entry> read(FileChannel channel, int maxEntries, String fileName) throws ModelPackageException, IOException {
        long size = channel.size();
        long eocd = findEndRecord(channel, size, fileName);
        ByteBuffer end = readAt(channel, eocd, EOCD_SIZE);
        if (u16(end, 4) != 0 || u16(end, 6) != 0) {
            throw corrupt(fileName, "is a multi-disk (split) zip");
        }
        long count = u16(end, 10);
        long directorySize = u32(end, 12);
        long directoryOffset = u32(end, 16);
        long directoryEnd = eocd;
        if (count == 0xFFFF || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
            long eocd64 = zip64EndRecord(channel, eocd, fileName);
            ByteBuffer end64 = readAt(channel, eocd64, 56);
            if (end64.getInt(0) != EOCD64_SIG) {
                throw corrupt(fileName, "has a broken zip64 end record");
            }
            count = end64.getLong(32);
            directorySize = end64.getLong(40);
            directoryOffset = end64.getLong(48);
            directoryEnd = eocd64;
        }
        if (count > maxEntries || count < 0) {
            throw new ModelPackageException(PackageProblem.TOO_MANY_ENTRIES, null,
                    fileName + " has " + Long.toUnsignedString(count) + " entries, more than the " + maxEntries + " allowed");
        }
        if (directoryOffset < 0 || directorySize < 0 || directoryOffset + directorySize > directoryEnd) {
            throw new ModelPackageException(PackageProblem.TRUNCATED, null,
                    fileName + " is truncated: its central directory lies past the end of the file; copy it again");
        }
        if (directorySize > MAX_DIRECTORY_BYTES) {
            throw corrupt(fileName, "has a central directory of " + directorySize + " bytes");
        }
        return entries(readAt(channel, directoryOffset, (int) directorySize), (int) count, fileName);
    }

    private static List<Entry> entries(ByteBuffer directory, int count, String fileName) throws ModelPackageException {
        List<Entry> entries = new ArrayList<>(count);
        int pos = 0;
        for (int i = 0; i < count; i++) {
            if (pos + CENTRAL_SIZE > directory.limit() || directory.getInt(pos) != CENTRAL_SIG) {
                throw corrupt(fileName, "has a damaged central directory at entry " + (i + 1));
            }
            int nameLength = u16(directory, pos + 28);
            int next = pos + CENTRAL_SIZE + nameLength + u16(directory, pos + 30) + u16(directory, pos + 32);
            if (next > directory.limit()) {
                throw corrupt(fileName, "has a damaged central directory at entry " + (i + 1));
            }
            String name = utf8(directory, pos + CENTRAL_SIZE, nameLength, fileName);
            entries.add(new Entry(name, u16(directory, pos + 8), u16(directory, pos + 10), u16(directory, pos + 4),
                    directory.getInt(pos + 38)));
            pos = next;
        }
        if (pos != directory.limit()) {
            throw corrupt(fileName, "has more central directory records than its end record counts");
        }
        return entries;
    }

    private static long findEndRecord(FileChannel channel, long size, String fileName) throws ModelPackageException, IOException {
        int window = (int) Math.min(size, EOCD_SIZE + 0xFFFF);
        if (window < EOCD_SIZE) {
            throw new ModelPackageException(PackageProblem.TRUNCATED, null,
                    fileName + " is truncated or not a zip (" + size + " bytes); copy it again");
        }
        ByteBuffer tail = readAt(channel, size - window, window);
        for (int i = window - EOCD_SIZE; i >= 0; i--) {
            // The record ends the file exactly: its comment runs to the last byte, as ZipFile requires too.
            if (tail.getInt(i) == EOCD_SIG && i + EOCD_SIZE + u16(tail, i + 20) == window) {
                return size - window + i;
            }
        }
        throw new ModelPackageException(PackageProblem.TRUNCATED, null,
                fileName + " is truncated or not a zip: no end-of-central-directory record; copy it again");
    }

    private static long zip64EndRecord(FileChannel channel, long eocd, String fileName) throws ModelPackageException, IOException {
        if (eocd < 20) {
            throw corrupt(fileName, "lacks its zip64 end record locator");
        }
        ByteBuffer locator = readAt(channel, eocd - 20, 20);
        long offset = locator.getLong(8);
        if (locator.getInt(0) != EOCD64_LOCATOR_SIG || offset < 0 || offset + 56 > eocd - 20) {
            throw corrupt(fileName, "lacks a valid zip64 end record locator");
        }
        return offset;
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new java.io.EOFException("end of file at " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static String utf8(ByteBuffer buffer, int offset, int length, String fileName) throws ModelPackageException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer.slice(offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(fileName, "has an entry name that is not UTF-8");
        }
    }

    private static int u16(ByteBuffer buffer, int offset) {
        return Short.toUnsignedInt(buffer.getShort(offset));
    }

    private static long u32(ByteBuffer buffer, int offset) {
        return Integer.toUnsignedLong(buffer.getInt(offset));
    }

    private static ModelPackageException corrupt(String fileName, String why) {
        return new ModelPackageException(PackageProblem.CORRUPT, null, fileName + " " + why + "; rebuild it with mg:pack or mgpack");
    }
}
