package org.modelgate.learn.secagg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Round 0 message, client to server (and the server's list of them back to every client): a client's two X25519
 * public keys, one for encrypting the key shares sent to it, one for agreeing pairwise masks.
 *
 * <p>The advert is not signed here: the fleet link's commands are already signed by the controller and the
 * gateways authenticate to the broker, so a forged advert needs a compromised link (Bonawitz et al.'s
 * active-adversary variant with signed adverts is out of scope).
 *
 * @param clientId the client's id, unique in the round
 * @param cipherPublicKey the X25519 public key (32 bytes, RFC 7748 encoding) the share encryption key is agreed with
 * @param maskPublicKey the X25519 public key (32 bytes) the pairwise masks are agreed with
 */
public record KeyAdvert(String clientId, byte[] cipherPublicKey, byte[] maskPublicKey) {

    /** Length of an X25519 public key in bytes. */
    public static final int PUBLIC_KEY_BYTES = 32;

    /**
     * Checks the fields and copies the keys.
     *
     * @throws IllegalArgumentException where the id is blank or a key is not 32 bytes
     */
    public KeyAdvert {
        Wire.checkId(clientId, "KeyAdvert's client id");
        cipherPublicKey = checkKey(cipherPublicKey, "cipherPublicKey", clientId);
        maskPublicKey = checkKey(maskPublicKey, "maskPublicKey", clientId);
    }

    /** Returns a copy of the share-encryption public key. */
    @Override
    public byte[] cipherPublicKey() {
        return cipherPublicKey.clone();
    }

    /** Returns a copy of the mask-agreement public key. */
    @Override
    public byte[] maskPublicKey() {
        return maskPublicKey.clone();
    }

    /**
     * Encodes the advert (version, type, id, both keys).
     *
     * @return the bytes {@link #fromBytes(byte[])} reads
     */
    public byte[] toBytes() {
        return Wire.writer(Wire.KEY_ADVERT).string(clientId).raw(cipherPublicKey).raw(maskPublicKey).toBytes();
    }

    /**
     * Decodes an advert.
     *
     * @param bytes what {@link #toBytes()} wrote
     * @return the advert
     * @throws MalformedMessageException where the bytes are not a version 1 advert
     */
    public static KeyAdvert fromBytes(byte[] bytes) {
        Wire.Reader in = Wire.reader(bytes, Wire.KEY_ADVERT, "KeyAdvert");
        String id = in.string("clientId");
        byte[] cipher = in.raw("cipherPublicKey", PUBLIC_KEY_BYTES);
        byte[] mask = in.raw("maskPublicKey", PUBLIC_KEY_BYTES);
        in.end();
        return new KeyAdvert(id, cipher, mask);
    }

    /**
     * Encodes the list of adverts the server sends to every client after round 0.
     *
     * @param adverts the adverts, in the server's order
     * @return the bytes {@link #listFromBytes(byte[])} reads
     */
    public static byte[] listToBytes(List<KeyAdvert> adverts) {
        Wire.Writer out = Wire.writer(Wire.KEY_ADVERT_LIST).i32(adverts.size());
        for (KeyAdvert advert : adverts) {
            out.bytes(advert.toBytes());
        }
        return out.toBytes();
    }

    /**
     * Decodes a list of adverts.
     *
     * @param bytes what {@link #listToBytes(List)} wrote
     * @return the adverts, in the order written
     * @throws MalformedMessageException where the bytes are not a version 1 advert list
     */
    public static List<KeyAdvert> listFromBytes(byte[] bytes) {
        Wire.Reader in = Wire.reader(bytes, Wire.KEY_ADVERT_LIST, "KeyAdvert list");
        int count = in.count("advert", 1 << 20);
        List<KeyAdvert> adverts = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            adverts.add(fromBytes(in.bytes("advert " + i, Wire.MAX_FIELD_BYTES)));
        }
        in.end();
        return List.copyOf(adverts);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyAdvert that && clientId.equals(that.clientId)
            && Arrays.equals(cipherPublicKey, that.cipherPublicKey) && Arrays.equals(maskPublicKey, that.maskPublicKey);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * clientId.hashCode() + Arrays.hashCode(cipherPublicKey)) + Arrays.hashCode(maskPublicKey);
    }

    @Override
    public String toString() {
        return "KeyAdvert[" + clientId + "]";
    }

    private static byte[] checkKey(byte[] key, String name, String clientId) {
        if (key == null || key.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("KeyAdvert of '" + clientId + "': " + name + " must be "
                + PUBLIC_KEY_BYTES + " bytes (X25519), got " + (key == null ? "null" : key.length + " bytes"));
        }
        return key.clone();
    }
}
