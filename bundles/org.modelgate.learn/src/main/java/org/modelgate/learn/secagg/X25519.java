package org.modelgate.learn.secagg;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 key agreement (RFC 7748) with the JDK's "XDH" provider, on raw 32-byte keys: private keys as the scalar
 * bytes (so they can be Shamir-shared), public keys as the little-endian u-coordinate.
 */
final class X25519 {
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    private X25519() {
    }

    /** A fresh private key (32 scalar bytes). */
    static byte[] newPrivateKey(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH");
            generator.initialize(NamedParameterSpec.X25519, random);
            XECPrivateKey key = (XECPrivateKey) generator.generateKeyPair().getPrivate();
            return key.getScalar().orElseThrow(() -> new IllegalStateException("the XDH provider hides its scalar"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is missing from this Java runtime", e);
        }
    }

    /** The public key of a private key: X25519(k, 9). */
    static byte[] publicKey(byte[] privateKey) {
        return agree(privateKey, publicKeyOf(BASE_POINT), "the base point");
    }

    /** The shared secret of a private key and a peer's public key (32 bytes). */
    static byte[] agree(byte[] privateKey, byte[] peerPublicKey, String peer) {
        return agree(privateKey, publicKeyOf(decodeU(peerPublicKey)), peer);
    }

    private static byte[] agree(byte[] privateKey, PublicKey peerKey, String peer) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(privateKeyOf(privateKey));
            agreement.doPhase(peerKey, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new SecAggException("X25519 agreement with " + peer + " failed (a low-order or invalid public key): "
                + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKeyOf(byte[] scalar) throws GeneralSecurityException {
        return KeyFactory.getInstance("XDH").generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
    }

    private static PublicKey publicKeyOf(BigInteger u) {
        try {
            return KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
        } catch (GeneralSecurityException e) {
            throw new SecAggException("not an X25519 public key: " + e.getMessage(), e);
        }
    }

    private static BigInteger decodeU(byte[] encoded) {
        byte[] bigEndian = new byte[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            bigEndian[i] = encoded[encoded.length - 1 - i];
        }
        bigEndian[0] &= 0x7f; // RFC 7748: the top bit of the last byte is ignored
        return new BigInteger(1, bigEndian);
    }
}
