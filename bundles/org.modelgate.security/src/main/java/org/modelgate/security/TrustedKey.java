package org.modelgate.security;

import java.security.PublicKey;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A public key of the trust store.
 *
 * @param id the key's name: its file name without {@code .pem}, e.g. {@code acme-2026}
 * @param role what the key may sign
 * @param publicKey the EC public key (P-256, P-384 or P-521); a bundle signer's may also be RSA (2048 bits or more)
 * @param hint the key's identifier in a bundle: lowercase hex sha256 of its SubjectPublicKeyInfo PEM text
 * @param revoked true when {@code revoked.txt} lists the key: it then verifies nothing
 */
public record TrustedKey(String id, KeyRole role, PublicKey publicKey, String hint, boolean revoked) {
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Checks the components. */
    public TrustedKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(hint, "hint");
        if (!HEX_SHA256.matcher(hint).matches()) {
            throw new IllegalArgumentException("hint must be 64 lowercase hex digits, got '" + hint + "'");
        }
    }

    /**
     * Tells whether this key may sign model folders now.
     *
     * @return true for a model-signer key that is not revoked
     */
    public boolean signsModels() {
        return role == KeyRole.MODEL_SIGNER && !revoked;
    }
}
