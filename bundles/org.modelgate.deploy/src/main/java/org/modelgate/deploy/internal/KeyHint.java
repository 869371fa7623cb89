package org.modelgate.deploy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The trust store's key hint for a key that may not be in the store: lowercase hex sha256 of its
 * SubjectPublicKeyInfo PEM text (64-column base64, LF), i.e. {@code sha256sum} of the file that
 * {@code openssl pkey -pubout} writes. Same definition as {@link org.modelgate.security.TrustedKey#hint()}.
 */
final class KeyHint {
    private KeyHint() {
    }

    static String of(PublicKey key) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return HexFormat.of().formatHex(sha256().digest(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
