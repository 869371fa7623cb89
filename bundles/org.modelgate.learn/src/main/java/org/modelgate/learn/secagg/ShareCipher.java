package org.modelgate.learn.secagg;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for the key shares: the key is HKDF of the X25519 agreement of the two clients' cipher keys (the
 * same in both directions), the nonce random (12 bytes, prefixed), and sender, recipient and round id are
 * associated data, so a share replayed to another recipient, from another sender or in another round fails its tag.
 */
final class ShareCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private ShareCipher() {
    }

    static byte[] encrypt(byte[] key, String roundId, String from, String to, byte[] plaintext, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            cipher.updateAAD(associatedData(roundId, from, to));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding failed", e);
        }
    }

    static byte[] decrypt(byte[] key, String roundId, EncryptedShare share) {
        byte[] ciphertext = share.ciphertext();
        if (ciphertext.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecAggException("share from '" + share.from() + "' is " + ciphertext.length
                + " bytes, too short for a nonce and a GCM tag");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(ciphertext, NONCE_BYTES));
            cipher.updateAAD(associatedData(roundId, share.from(), share.to()));
            return cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecAggException("share from '" + share.from() + "' to '" + share.to() + "' fails its "
                + "authentication tag: it was altered, or encrypted for another recipient or round", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding failed", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return cipher;
    }

    private static byte[] associatedData(String roundId, String from, String to) {
        return Wire.writer(Wire.ENCRYPTED_SHARE).string(roundId).string(from).string(to).toBytes();
    }
}
