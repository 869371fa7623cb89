package org.modelgate.security.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Just enough DER for EC key files: find a child of a SEQUENCE by its tag, and write SEQUENCEs and
 * other TLVs. Only byte shuffling: no arithmetic on what it reads.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int SEQUENCE = 0x30;

    private Der() {
    }

    /**
     * Returns the content of the first child with tag {@code tag} of a SEQUENCE, or null.
     *
     * @param der a whole DER SEQUENCE
     * @param tag the child's tag, e.g. {@code 0x04} or a context tag such as {@code 0xa1}
     * @return the child's content (without tag and length), or null when no child has that tag
     * @throws IllegalArgumentException when {@code der} is no well-formed SEQUENCE
     */
    static byte[] child(byte[] der, int tag) {
        if (der.length < 2 || (der[0] & 0xff) != SEQUENCE) {
            throw new IllegalArgumentException("not a DER SEQUENCE");
        }
        int[] pos = {1};
        int end = length(der, pos);
        end += pos[0];
        if (end != der.length) {
            throw new IllegalArgumentException("bad DER length");
        }
        while (pos[0] < end) {
            int t = der[pos[0]++] & 0xff;
            int n = length(der, pos);
            if (pos[0] + n > end) {
                throw new IllegalArgumentException("bad DER length");
            }
            if (t == tag) {
                return Arrays.copyOfRange(der, pos[0], pos[0] + n);
            }
            pos[0] += n;
        }
        return null;
    }

    /**
     * Returns the content of one whole TLV that must carry {@code tag}.
     *
     * @param der exactly one TLV
     * @param tag the expected tag
     * @return its content
     * @throws IllegalArgumentException when the tag differs or the length does not match
     */
    static byte[] content(byte[] der, int tag) {
        if (der.length < 2 || (der[0] & 0xff) != tag) {
            throw new IllegalArgumentException("expected DER tag 0x" + Integer.toHexString(tag));
        }
        int[] pos = {1};
        int n = length(der, pos);
        if (pos[0] + n != der.length) {
            throw new IllegalArgumentException("bad DER length");
        }
        return Arrays.copyOfRange(der, pos[0], der.length);
    }

    private static int length(byte[] der, int[] pos) {
        if (pos[0] >= der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int first = der[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int bytes = first & 0x7f;
        if (bytes == 0 || bytes > 3 || pos[0] + bytes > der.length) {
            throw new IllegalArgumentException("unsupported DER length");
        }
        int n = 0;
        for (int i = 0; i < bytes; i++) {
            n = (n << 8) | (der[pos[0]++] & 0xff);
        }
        return n;
    }

    static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return tlv(SEQUENCE, out.toByteArray());
    }

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
