package org.modelgate.webconsole.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password as the users file keeps it: PBKDF2 with HMAC-SHA256, a random salt and an iteration
 * count, written {@code pbkdf2-sha256:ITERATIONS:SALT:HASH} (salt and hash in base64). The password
 * itself is never stored.
 *
 * <pre>
 * PasswordHash hash = PasswordHash.of("correct horse".toCharArray());
 * hash.matches("correct horse".toCharArray()); // true
 * PasswordHash.parse(hash.encoded());          // the same hash again
 * </pre>
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    /** The scheme name in the file. */
    public static final String SCHEME = "pbkdf2-sha256";
    /** Iterations of a new hash: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Fewer iterations than this are refused when reading: such a hash is too cheap to guess. */
    public static final int MIN_ITERATIONS = 10_000;
    /** At most this many, so one login cannot tie up a core for minutes. */
    public static final int MAX_ITERATIONS = 10_000_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Checks the parts; the arrays are copied.
     *
     * @param iterations PBKDF2 iterations
     * @param salt the salt
     * @param hash the derived key
     */
    public PasswordHash {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between " + MIN_ITERATIONS + " and " + MAX_ITERATIONS + ", got " + iterations);
        }
        if (salt.length < 8) {
            throw new IllegalArgumentException("the salt must have at least 8 bytes, got " + salt.length);
        }
        if (hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("the hash must have " + HASH_BYTES + " bytes, got " + hash.length);
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /**
     * Hashes a new password with a fresh salt and the default iterations.
     *
     * @param password the password
     * @return its hash
     */
    public static PasswordHash of(char[] password) {
        return of(password, DEFAULT_ITERATIONS);
    }

    /**
     * Hashes a new password with a fresh salt.
     *
     * @param password the password
     * @param iterations PBKDF2 iterations
     * @return its hash
     */
    public static PasswordHash of(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * Reads {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}.
     *
     * @param encoded the text
     * @return the hash
     * @throws IllegalArgumentException saying what is wrong with the text (never repeating it)
     */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded.split(":", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected " + SCHEME + ":ITERATIONS:SALT:HASH, got " + parts.length + " fields");
        }
        if (!SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException("unknown hash scheme (only " + SCHEME + " is supported)");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count is not a number");
        }
        return new PasswordHash(iterations, base64(parts[2], "salt"), base64(parts[3], "hash"));
    }

    /**
     * Whether the password is the one hashed here; the comparison takes the same time for every
     * wrong password.
     *
     * @param password the password to check
     * @return true when it matches
     */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /**
     * The text form, {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}.
     *
     * @return the text
     */
    public String encoded() {
        Base64.Encoder encoder = Base64.getEncoder().withoutPadding();
        return SCHEME + ":" + iterations + ":" + encoder.encodeToString(salt) + ":" + encoder.encodeToString(hash);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash that && iterations == that.iterations && Arrays.equals(salt, that.salt)
                && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * iterations + Arrays.hashCode(salt)) + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return SCHEME + ":" + iterations + ":(salt):(hash)";
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " is not base64");
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        KeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime has PBKDF2WithHmacSHA256 (a required algorithm).
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available: " + e.getMessage(), e);
        } finally {
            ((PBEKeySpec) spec).clearPassword();
        }
    }
}
