package org.modelgate.security.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 of bytes and of files. */
public final class Digests {
    private static final int BUFFER = 1 << 20;

    private Digests() {
    }

    /** Returns a new sha256 digest (every JDK has one). */
    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Returns sha256 of the bytes. */
    public static byte[] sha256(byte[] bytes) {
        return newSha256().digest(bytes);
    }

    /** Returns sha256 of a buffer's remaining bytes as lowercase hex; the buffer itself is not moved. */
    public static String sha256Hex(ByteBuffer content) {
        MessageDigest digest = newSha256();
        digest.update(content.duplicate());
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Returns sha256 of a regular file as lowercase hex; does not follow a symbolic link. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest digest = newSha256();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
