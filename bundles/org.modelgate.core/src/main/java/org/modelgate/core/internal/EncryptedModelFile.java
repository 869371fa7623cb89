package org.modelgate.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.modelgate.spi.KeyException;
import org.modelgate.spi.KeyProvider;

/**
 * A model file encrypted at rest ({@link EncryptionHeader} describes the format): written segment by segment
 * through {@link DurableFiles}, decrypted segment by segment into one direct buffer, so neither way holds the
 * whole file on the heap, and no plaintext is ever written to disk.
 */
final class EncryptedModelFile {
    static final int DATA_KEY_BYTES = 32;
    private static final int TAG_BITS = EncryptionHeader.TAG * 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private EncryptedModelFile() {
    }

    /** Whether a file is encrypted at rest (starts with the format's magic). */
    static boolean isEncrypted(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            return EncryptionHeader.hasMagic(in);
        }
    }

    /** The header of an encrypted file, e.g. to name its key. */
    static EncryptionHeader header(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            return EncryptionHeader.read(in, file).header();
        }
    }

    /**
     * Encrypts {@code source} into {@code target} under a fresh data key wrapped by {@code keys}; the target is
     * written (not forced) through {@code files}, the header first, then one append per segment.
     *
     * @return the id of the key the data key was wrapped under
     */
    static String encrypt(Path source, Path target, KeyProvider keys, DurableFiles files, int segmentSize) throws IOException {
        long length = Files.size(source);
        if (length > EncryptionHeader.MAX_PLAINTEXT) {
            throw new EncryptedFileException(source + " is " + length + " bytes; a model file encrypted at rest is decrypted "
                    + "into one buffer of at most " + EncryptionHeader.MAX_PLAINTEXT + " bytes: install it without encryption");
        }
        byte[] dataKey = new byte[DATA_KEY_BYTES];
        byte[] prefix = new byte[EncryptionHeader.NONCE_PREFIX];
        RANDOM.nextBytes(dataKey);
        RANDOM.nextBytes(prefix);
        byte[] plain = new byte[segmentSize];
        try {
            String keyId = keys.keyId();
            EncryptionHeader header = newHeader(segmentSize, length, prefix, keyId, keys.wrap(dataKey));
            byte[] aad = header.encode();
            files.write(target, aad, false);
            Cipher cipher = cipher();
            SecretKeySpec key = new SecretKeySpec(dataKey, "AES");
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                for (long i = 0, segments = header.segments(); i < segments; i++) {
                    int size = (int) Math.min(segmentSize, length - i * segmentSize);
                    readFully(in, ByteBuffer.wrap(plain, 0, size), source);
                    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, header.nonce(i)));
                    cipher.updateAAD(aad);
                    files.write(target, cipher.doFinal(plain, 0, size), true);
                }
                if (in.read(ByteBuffer.allocate(1)) >= 0) {
                    throw new IOException(source + " grew while it was being encrypted; install it again");
                }
            }
            return keyId;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot encrypt with AES-256-GCM: " + e, e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Decrypts a file into a new direct buffer (position 0, limit = the plaintext length), checking every
     * segment's tag before the next one is read; on any failure the buffer is wiped and freed. The caller
     * {@linkplain #discard discards} the buffer it gets.
     *
     * @throws EncryptedFileException when the file is damaged, changed, truncated or extended
     * @throws KeyException when the key provider cannot unwrap the data key
     */
    static ByteBuffer decrypt(Path file, KeyProvider keys) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            EncryptionHeader.Read read = EncryptionHeader.read(in, file);
            EncryptionHeader header = read.header();
            long size = in.size();
            if (size != header.fileSize()) {
                throw new EncryptedFileException(file + " is " + size + " bytes, but its encryption header describes "
                        + header.fileSize() + " (" + header.plaintextLength() + " bytes of model in " + header.segments()
                        + " segments): it was " + (size < header.fileSize() ? "truncated" : "appended to")
                        + " or its header changed; install the model again");
            }
            byte[] dataKey = keys.unwrap(header.keyId(), header.wrappedKey());
            try {
                if (dataKey == null || dataKey.length != DATA_KEY_BYTES) {
                    throw new KeyException(KeyException.Reason.TAMPERED, "the key provider unwrapped a data key of "
                            + (dataKey == null ? "no" : dataKey.length) + " bytes; a data key has " + DATA_KEY_BYTES);
                }
                return decryptSegments(in, file, read, new SecretKeySpec(dataKey, "AES"));
            } finally {
                if (dataKey != null) {
                    Arrays.fill(dataKey, (byte) 0);
                }
            }
        }
    }

    private static ByteBuffer decryptSegments(FileChannel in, Path file, EncryptionHeader.Read read, SecretKeySpec key)
            throws IOException {
        EncryptionHeader header = read.header();
        ByteBuffer plain = allocate(header.plaintextLength(), file);
        ByteBuffer sealed = ByteBuffer.allocate(header.segmentSize() + EncryptionHeader.TAG);
        boolean complete = false;
        try {
            Cipher cipher = cipher();
            long segments = header.segments();
            for (long i = 0; i < segments; i++) {
                int start = (int) (i * header.segmentSize());
                int size = (int) Math.min(header.segmentSize(), header.plaintextLength() - start);
                sealed.clear().limit(size + EncryptionHeader.TAG);
                readFully(in, sealed, file);
                sealed.flip();
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, header.nonce(i)));
                cipher.updateAAD(read.bytes());
                try {
                    cipher.doFinal(sealed, plain.duplicate().position(start).limit(start + size));
                } catch (AEADBadTagException e) {
                    throw new EncryptedFileException(file + ": segment " + (i + 1) + " of " + segments + " (model bytes "
                            + start + " to " + (start + size) + ") does not authenticate: the file was changed (its header "
                            + "or this segment), its segments were reordered or cut, or it was encrypted under another "
                            + "data key; install the model again", e);
                }
            }
            complete = true;
            return plain;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot decrypt AES-256-GCM: " + e, e);
        } finally {
            Arrays.fill(sealed.array(), (byte) 0);
            if (!complete) {
                discard(plain);
            }
        }
    }

    private static ByteBuffer allocate(long length, Path file) throws EncryptedFileException {
        try {
            return ByteBuffer.allocateDirect((int) length);
        } catch (OutOfMemoryError e) {
            // direct memory only (MaxDirectMemorySize, by default as large as -Xmx); the heap is untouched
            throw new EncryptedFileException(file + " decrypts to " + length / (1 << 20) + " MiB, more direct memory than "
                    + "the JVM has left (" + e.getMessage() + "); raise -XX:MaxDirectMemorySize (by default the -Xmx value)", e);
        }
    }

    /**
     * Overwrites a decrypted buffer with zeros and frees it; no view of it may be used afterwards.
     */
    static void discard(ByteBuffer buffer) {
        wipe(buffer);
        DirectMemory.release(buffer);
    }

    /** Overwrites a buffer's whole capacity with zeros. */
    static void wipe(ByteBuffer buffer) {
        ByteBuffer all = buffer.duplicate().clear();
        while (all.remaining() >= Long.BYTES) {
            all.putLong(0L);
        }
        while (all.hasRemaining()) {
            all.put((byte) 0);
        }
    }

    private static EncryptionHeader newHeader(int segmentSize, long length, byte[] prefix, String keyId, byte[] wrapped) {
        try {
            return new EncryptionHeader(segmentSize, length, prefix, keyId, wrapped);
        } catch (IllegalArgumentException e) {
            throw new KeyException(KeyException.Reason.UNAVAILABLE, "the key provider gave an unusable key: " + e.getMessage(), e);
        }
    }

    private static Cipher cipher() throws GeneralSecurityException {
        return Cipher.getInstance("AES/GCM/NoPadding");
    }

    private static void readFully(FileChannel in, ByteBuffer buffer, Path file) throws IOException {
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                throw new IOException(file + " ended early: it changed while being read");
            }
        }
    }
}
