package org.modelgate.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The header of a model file encrypted at rest (format 1), all numbers big-endian:
 *
 * <pre>
 * magic            8  89 4D 47 45 4E 43 0D 0A  ("\x89MGENC\r\n")
 * format version   1  1
 * segment size     4  plaintext bytes per segment, 64 .. 16 MiB (1 MiB as written by the registry)
 * plaintext length 8  0 .. 2^31 - 1
 * nonce prefix     7  random
 * key id length    1  1 .. 255
 * key id           n  UTF-8, from the KeyProvider
 * wrapped length   2  1 .. 4096
 * wrapped data key m  the file's random AES-256 data key, wrapped by the KeyProvider
 * </pre>
 *
 * The segments follow: each is AES-256-GCM of up to {@code segment size} plaintext bytes plus its 16-byte
 * tag, under the data key, with nonce = prefix || segment index (4 bytes) || 1 for the last segment else 0,
 * and the whole header as associated data. So a changed header, a changed, moved, dropped or added segment,
 * and a file cut at a segment boundary all fail authentication.
 */
record EncryptionHeader(int segmentSize, long plaintextLength, byte[] noncePrefix, String keyId, byte[] wrappedKey) {
    static final byte[] MAGIC = { (byte) 0x89, 'M', 'G', 'E', 'N', 'C', '\r', '\n' };
    static final int FORMAT_VERSION = 1;
    static final int MIN_SEGMENT = 64;
    static final int MAX_SEGMENT = 16 << 20;
    static final int DEFAULT_SEGMENT = 1 << 20;
    /** One buffer (ONNX Runtime's session from bytes) holds the whole plaintext. */
    static final long MAX_PLAINTEXT = Integer.MAX_VALUE;
    static final int NONCE_PREFIX = 7;
    static final int TAG = 16;
    static final int MAX_WRAPPED = 4096;
    private static final int FIXED = MAGIC.length + 1 + 4 + 8 + NONCE_PREFIX + 1;

    EncryptionHeader {
        if (segmentSize < MIN_SEGMENT || segmentSize > MAX_SEGMENT) {
            throw new IllegalArgumentException("segment size " + segmentSize + " is outside " + MIN_SEGMENT + ".." + MAX_SEGMENT);
        }
        if (plaintextLength < 0 || plaintextLength > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("plaintext length " + plaintextLength + " is outside 0.." + MAX_PLAINTEXT);
        }
        if (noncePrefix.length != NONCE_PREFIX) {
            throw new IllegalArgumentException("the nonce prefix has " + NONCE_PREFIX + " bytes");
        }
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        if (id.length == 0 || id.length > 255 || keyId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a key id is 1 to 255 bytes of UTF-8 without control characters: '" + keyId + "'");
        }
        if (wrappedKey.length == 0 || wrappedKey.length > MAX_WRAPPED) {
            throw new IllegalArgumentException("a wrapped key is 1 to " + MAX_WRAPPED + " bytes, not " + wrappedKey.length);
        }
        noncePrefix = noncePrefix.clone();
        wrappedKey = wrappedKey.clone();
    }

    @Override
    public byte[] noncePrefix() {
        return noncePrefix.clone();
    }

    @Override
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    /** How many segments follow: at least one, so even an empty file carries a tag. */
    long segments() {
        return plaintextLength == 0 ? 1 : (plaintextLength + segmentSize - 1) / segmentSize;
    }

    /** The size the whole encrypted file must have. */
    long fileSize() {
        return encodedLength() + plaintextLength + segments() * TAG;
    }

    int encodedLength() {
        return FIXED + keyId.getBytes(StandardCharsets.UTF_8).length + 2 + wrappedKey.length;
    }

    /** The nonce of segment {@code index}. */
    byte[] nonce(long index) {
        byte[] nonce = Arrays.copyOf(noncePrefix, 12);
        ByteBuffer.wrap(nonce, NONCE_PREFIX, 4).putInt((int) index);
        nonce[11] = (byte) (index == segments() - 1 ? 1 : 0);
        return nonce;
    }

    byte[] encode() {
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(encodedLength());
        out.put(MAGIC).put((byte) FORMAT_VERSION).putInt(segmentSize).putLong(plaintextLength).put(noncePrefix);
        out.put((byte) id.length).put(id).putShort((short) wrappedKey.length).put(wrappedKey);
        return out.array();
    }

    /** Whether a file starts with the magic of an encrypted model file. */
    static boolean hasMagic(FileChannel in) throws IOException {
        ByteBuffer start = ByteBuffer.allocate(MAGIC.length);
        while (start.hasRemaining() && in.read(start, start.position()) >= 0) {
            // read at absolute positions: the channel's position stays where it was
        }
        return !start.hasRemaining() && Arrays.equals(start.array(), MAGIC);
    }

    /**
     * Reads and checks the header at the start of a file; leaves the channel positioned after it.
     *
     * @return the header and its bytes as read (the associated data of every segment)
     */
    static Read read(FileChannel in, Path file) throws IOException {
        if (!hasMagic(in)) {
            throw new EncryptedFileException(file + " is not an encrypted model file (no MGENC magic at its start)");
        }
        in.position(0);
        ByteBuffer fixed = readFully(in, FIXED, file);
        fixed.position(MAGIC.length);
        int version = fixed.get() & 0xff;
        if (version != FORMAT_VERSION) {
            throw new EncryptedFileException(file + " is encrypted in format version " + version + "; this gateway reads version "
                    + FORMAT_VERSION + " only: update the gateway, or install the model again");
        }
        int segmentSize = fixed.getInt();
        long plaintextLength = fixed.getLong();
        byte[] prefix = new byte[NONCE_PREFIX];
        fixed.get(prefix);
        int idLength = fixed.get() & 0xff;
        if (segmentSize < MIN_SEGMENT || segmentSize > MAX_SEGMENT || plaintextLength < 0 || plaintextLength > MAX_PLAINTEXT
                || idLength == 0) {
            throw damaged(file, "segment size " + segmentSize + ", plaintext length " + plaintextLength + ", key id length "
                    + idLength);
        }
        ByteBuffer rest = readFully(in, idLength + 2, file);
        byte[] id = new byte[idLength];
        rest.get(id);
        int wrappedLength = rest.getShort() & 0xffff;
        if (wrappedLength == 0 || wrappedLength > MAX_WRAPPED) {
            throw damaged(file, "wrapped key length " + wrappedLength);
        }
        byte[] wrapped = readFully(in, wrappedLength, file).array();
        String keyId;
        try {
            keyId = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(id)).toString();
            EncryptionHeader header = new EncryptionHeader(segmentSize, plaintextLength, prefix, keyId, wrapped);
            ByteBuffer bytes = ByteBuffer.allocate(header.encodedLength());
            bytes.put(fixed.rewind()).put(rest.rewind()).put(wrapped);
            return new Read(header, bytes.array());
        } catch (CharacterCodingException | IllegalArgumentException e) {
            throw damaged(file, "key id " + e.getMessage());
        }
    }

    private static ByteBuffer readFully(FileChannel in, int length, Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                throw new EncryptedFileException(file + " ends inside its encryption header: truncated; install the model again");
            }
        }
        return buffer.flip();
    }

    private static EncryptedFileException damaged(Path file, String what) {
        return new EncryptedFileException(file + " has a damaged encryption header (" + what + "); install the model again");
    }

    /** A header with the exact bytes it was read from. */
    record Read(EncryptionHeader header, byte[] bytes) {
    }
}
