package org.modelgate.learn.secagg;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): every symmetric key of the protocol is derived from an X25519 shared secret or
 * a seed, with the purpose and the round id in the info, so keys of different purposes or rounds never coincide.
 */
final class Kdf {
    private static final byte[] SALT = "modelgate-secagg/v1".getBytes(StandardCharsets.UTF_8);

    static final String SHARE_KEY = "share-key";
    static final String PAIR_MASK = "pair-mask";
    static final String SELF_MASK = "self-mask";

    private Kdf() {
    }

    /** A 32-byte key for the purpose in the round from the input keying material. */
    static byte[] derive(byte[] inputKeyingMaterial, String purpose, String roundId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
            byte[] pseudoRandomKey = mac.doFinal(inputKeyingMaterial);
            mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            mac.update((purpose + "|" + roundId).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }
}
