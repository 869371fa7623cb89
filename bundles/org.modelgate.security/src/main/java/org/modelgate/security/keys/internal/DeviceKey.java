package org.modelgate.security.keys.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.modelgate.spi.KeyException;

/**
 * A 256-bit device key in memory: wraps data keys with AES-256-GCM (random 96-bit nonce, the key id as
 * associated data), so a wrapped key that was changed, or is unwrapped under another id, does not decrypt.
 * Its id is derived from the key (an HMAC, which reveals nothing about it), so the same file always has the
 * same id and two devices' keys differ.
 */
final class DeviceKey {
    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Nonce, the wrapped 32 bytes, the tag. */
    static final int WRAPPED_BYTES = NONCE_BYTES + KEY_BYTES + TAG_BITS / 8;
    private static final String WRAP_CONTEXT = "modelgate device key wrap v1 ";

    private final SecretKeySpec key;
    private final String id;
    private final SecureRandom random;

    DeviceKey(byte[] keyBytes, SecureRandom random) {
        if (keyBytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("a device key has " + KEY_BYTES + " bytes, not " + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.id = idOf(keyBytes);
        this.random = random;
    }

    String id() {
        return id;
    }

    byte[] wrap(byte[] dataKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context(id));
            byte[] sealed = cipher.doFinal(dataKey);
            byte[] wrapped = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, wrapped, NONCE_BYTES, sealed.length);
            return wrapped;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot encrypt with AES-256-GCM: " + e, e);
        }
    }

    /** Unwraps a data key this key wrapped under {@code keyId}; the caller checked that the id is this key's. */
    byte[] unwrap(byte[] wrapped) {
        if (wrapped.length != WRAPPED_BYTES) {
            throw new KeyException(KeyException.Reason.TAMPERED, "the wrapped data key is " + wrapped.length
                    + " bytes; device key " + id + " wraps into " + WRAPPED_BYTES + ": the file's header was changed");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
            cipher.updateAAD(context(id));
            return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new KeyException(KeyException.Reason.TAMPERED, "the wrapped data key does not decrypt under device key "
                    + id + ": the file's header was changed", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot decrypt with AES-256-GCM: " + e, e);
        }
    }

    private static byte[] context(String keyId) {
        return (WRAP_CONTEXT + keyId).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code file-} and 16 hex digits of HMAC-SHA256(key, "modelgate device key id"). */
    static String idOf(byte[] keyBytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
            byte[] digest = mac.doFinal("modelgate device key id".getBytes(StandardCharsets.UTF_8));
            return "file-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256: " + e, e);
        }
    }
}
