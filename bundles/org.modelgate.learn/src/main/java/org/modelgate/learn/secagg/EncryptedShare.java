package org.modelgate.learn.secagg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Round 1 message, routed by the server from one client to another: the sender's Shamir shares of its mask key and
 * its self-mask seed for one recipient, AES-256-GCM encrypted with a key only the two clients can agree (X25519 of
 * their cipher keys, HKDF-SHA256). The server sees only the sender, the recipient and the ciphertext.
 *
 * @param from the sending client's id
 * @param to the recipient client's id
 * @param ciphertext nonce (12 bytes) followed by the GCM ciphertext and tag; {@code from}, {@code to} and the round
 *     id are authenticated as associated data
 */
public record EncryptedShare(String from, String to, byte[] ciphertext) {

    /** The largest ciphertext accepted, in bytes. */
    public static final int MAX_CIPHERTEXT_BYTES = 4096;

    /**
     * Checks the fields and copies the ciphertext.
     *
     * @throws IllegalArgumentException where an id is blank, sender and recipient are the same, or the ciphertext
     *     is empty or too long
     */
    public EncryptedShare {
        Wire.checkId(from, "EncryptedShare's sender id");
        Wire.checkId(to, "EncryptedShare's recipient id");
        if (from.equals(to)) {
            throw new IllegalArgumentException("EncryptedShare from '" + from + "' to itself: a client keeps its own "
                + "share and never sends it");
        }
        if (ciphertext == null || ciphertext.length == 0 || ciphertext.length > MAX_CIPHERTEXT_BYTES) {
            throw new IllegalArgumentException("EncryptedShare from '" + from + "' to '" + to + "': ciphertext must "
                + "be 1.." + MAX_CIPHERTEXT_BYTES + " bytes, got "
                + (ciphertext == null ? "null" : ciphertext.length + " bytes"));
        }
        ciphertext = ciphertext.clone();
    }

    /** Returns a copy of the ciphertext. */
    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /**
     * Encodes the share.
     *
     * @return the bytes {@link #fromBytes(byte[])} reads
     */
    public byte[] toBytes() {
        return Wire.writer(Wire.ENCRYPTED_SHARE).string(from).string(to).bytes(ciphertext).toBytes();
    }

    /**
     * Decodes a share.
     *
     * @param bytes what {@link #toBytes()} wrote
     * @return the share
     * @throws MalformedMessageException where the bytes are not a version 1 share
     */
    public static EncryptedShare fromBytes(byte[] bytes) {
        Wire.Reader in = Wire.reader(bytes, Wire.ENCRYPTED_SHARE, "EncryptedShare");
        String from = in.string("from");
        String to = in.string("to");
        byte[] ciphertext = in.bytes("ciphertext", MAX_CIPHERTEXT_BYTES);
        in.end();
        try {
            return new EncryptedShare(from, to, ciphertext);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    /**
     * Encodes a list of shares: one client's round 1 output, or the shares the server routes to one client.
     *
     * @param shares the shares
     * @return the bytes {@link #listFromBytes(byte[])} reads
     */
    public static byte[] listToBytes(List<EncryptedShare> shares) {
        Wire.Writer out = Wire.writer(Wire.ENCRYPTED_SHARE_LIST).i32(shares.size());
        for (EncryptedShare share : shares) {
            out.bytes(share.toBytes());
        }
        return out.toBytes();
    }

    /**
     * Decodes a list of shares.
     *
     * @param bytes what {@link #listToBytes(List)} wrote
     * @return the shares, in the order written
     * @throws MalformedMessageException where the bytes are not a version 1 share list
     */
    public static List<EncryptedShare> listFromBytes(byte[] bytes) {
        Wire.Reader in = Wire.reader(bytes, Wire.ENCRYPTED_SHARE_LIST, "EncryptedShare list");
        int count = in.count("share", 1 << 20);
        List<EncryptedShare> shares = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            shares.add(fromBytes(in.bytes("share " + i, Wire.MAX_FIELD_BYTES)));
        }
        in.end();
        return List.copyOf(shares);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptedShare that && from.equals(that.from) && to.equals(that.to)
            && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * from.hashCode() + to.hashCode()) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "EncryptedShare[" + from + " -> " + to + ", " + ciphertext.length + " bytes]";
    }
}
