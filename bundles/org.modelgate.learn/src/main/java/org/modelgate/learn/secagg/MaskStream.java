package org.modelgate.learn.secagg;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The protocol's PRG: AES-256 in counter mode from a zero counter, keyed by a fresh HKDF-derived key (one per pair
 * or seed and round, so a counter is never reused under one key), read as one element of {@code [0, 2^k)} per
 * coordinate (4 bytes per element for k up to 32, else 8, masked to k bits: uniform since 2^k divides 2^32 or
 * 2^64).
 */
final class MaskStream {
    private static final int CHUNK_ELEMENTS = 4096;

    private MaskStream() {
    }

    /** Adds ({@code sign = 1}) or subtracts ({@code sign = -1}) the mask of the key to the vector, mod 2^k. */
    static void apply(long[] vector, byte[] key, int sign, int modulusBits) {
        long modulusMask = modulusMask(modulusBits);
        int width = modulusBits <= 32 ? 4 : 8;
        Cipher cipher = cipher(key);
        byte[] zeros = new byte[CHUNK_ELEMENTS * width];
        byte[] stream = new byte[zeros.length];
        for (int start = 0; start < vector.length; start += CHUNK_ELEMENTS) {
            int count = Math.min(CHUNK_ELEMENTS, vector.length - start);
            try {
                cipher.update(zeros, 0, count * width, stream, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-CTR failed", e);
            }
            ByteBuffer elements = ByteBuffer.wrap(stream, 0, count * width);
            for (int i = 0; i < count; i++) {
                long mask = width == 4 ? Integer.toUnsignedLong(elements.getInt()) : elements.getLong();
                vector[start + i] = (vector[start + i] + sign * mask) & modulusMask;
            }
        }
    }

    static long modulusMask(int modulusBits) {
        return modulusBits == 64 ? -1L : (1L << modulusBits) - 1;
    }

    private static Cipher cipher(byte[] key) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is missing from this Java runtime", e);
        }
    }
}
