package org.modelgate.access.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Tokens and their stored form. A token is 32 random bytes (base64url after {@value #PREFIX}); the store keeps its
 * SHA-256 as {@code sha256:HEX}. A fast hash suffices: a slow one (PBKDF2) protects guessable passwords, while 256
 * random bits cannot be guessed from their hash, and a slow hash would cost every inference that carries a token.
 */
final class TokenHash {
    static final String PREFIX = "mgt_";
    static final String SCHEME = "sha256:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHash() {
    }

    /** A new random token's text. */
    static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** SHA-256 of the token's text. */
    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The stored form: {@code sha256:HEX}. */
    static String format(byte[] hash) {
        return SCHEME + HexFormat.of().formatHex(hash);
    }

    /**
     * Parses the stored form.
     *
     * @throws IllegalArgumentException saying what the stored form must look like
     */
    static byte[] parse(String stored) {
        if (!stored.startsWith(SCHEME)) {
            throw new IllegalArgumentException("the hash must be sha256:<64 hex digits>, found '" + stored + "'");
        }
        String hex = stored.substring(SCHEME.length());
        if (hex.length() != 64) {
            throw new IllegalArgumentException("the hash must be sha256:<64 hex digits>, found " + hex.length() + " digits");
        }
        return HexFormat.of().parseHex(hex);
    }
}
