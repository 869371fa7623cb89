package org.modelgate.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Crafts zips for the refusal tests: with java.util.zip, then raw byte patches where it refuses to. */
public final class ZipBytes {
    private ZipBytes() {
    }

    /** The entries of a zip in order, name to bytes. */
    public static LinkedHashMap<String, byte[]> read(Path zip) throws IOException {
        LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(file.entries())) {
                entries.put(e.getName(), file.getInputStream(e).readAllBytes());
            }
        }
        return entries;
    }

    /** A deflated zip of the entries, in order. */
    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTimeLocal(LocalDateTime.of(2020, 1, 1, 0, 0));
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Writes a zip of the entries to dir/fileName. */
    public static Path write(Path dir, String fileName, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(fileName), zip(entries));
    }

    /** Writes one deflated entry of {@code zeros} zero bytes, streaming (a zip bomb), then the given entries. */
    public static byte[] bomb(String name, long zeros, Map<String, byte[]> others) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : others.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(name));
            byte[] chunk = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= chunk.length) {
                zip.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** Replaces every occurrence of {@code from} by {@code to} (same length) in the raw bytes. */
    public static byte[] replaceAll(byte[] zip, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        if (f.length != t.length) {
            throw new IllegalArgumentException("same length needed");
        }
        byte[] out = zip.clone();
        int hits = 0;
        for (int i = 0; i + f.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
                hits++;
            }
        }
        if (hits == 0) {
            throw new IllegalArgumentException(from + " not found");
        }
        return out;
    }

    /** Offsets of the central directory records, in order. */
    public static List<Integer> centralRecords(byte[] zip) {
        List<Integer> offsets = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= zip.length; i++) {
            if (b.getInt(i) == 0x02014b50) {
                offsets.add(i);
            }
        }
        return offsets;
    }

    /** Sets "version made by" to Unix and the external attributes to a Unix mode, for the named entry. */
    public static byte[] withUnixMode(byte[] zip, String name, int mode) {
        byte[] out = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        for (int at : centralRecords(out)) {
            int nameLength = Short.toUnsignedInt(b.getShort(at + 28));
            if (new String(out, at + 46, nameLength, StandardCharsets.UTF_8).equals(name)) {
                b.putShort(at + 4, (short) (3 << 8 | 20));
                b.putInt(at + 38, mode << 16);
                return out;
            }
        }
        throw new IllegalArgumentException(name + " not in the central directory");
    }

    /** Sets a central directory field of the named entry: flags (8, 2 bytes) or uncompressed size (24, 4 bytes). */
    public static byte[] withCentralField(byte[] zip, String name, int fieldOffset, int size, long value) {
        byte[] out = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        for (int at : centralRecords(out)) {
            int nameLength = Short.toUnsignedInt(b.getShort(at + 28));
            if (new String(out, at + 46, nameLength, StandardCharsets.UTF_8).equals(name)) {
                if (size == 2) {
                    b.putShort(at + fieldOffset, (short) value);
                } else {
                    b.putInt(at + fieldOffset, (int) value);
                }
                return out;
            }
        }
        throw new IllegalArgumentException(name + " not in the central directory");
    }
}
