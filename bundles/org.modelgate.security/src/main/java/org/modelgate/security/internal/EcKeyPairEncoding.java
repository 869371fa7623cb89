package org.modelgate.security.internal;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

import org.modelgate.security.KeyFileException;

/**
 * The public half of an EC private key file, read from the file rather than computed: the
 * {@code publicKey [1]} field of SEC1's ECPrivateKey (RFC 5915), which OpenSSL writes into both
 * {@code EC PRIVATE KEY} and PKCS#8 {@code PRIVATE KEY} files. And the reverse: a PKCS#8 encoding that
 * carries it, for key files this project writes (Java's own PKCS#8 encoding leaves it out).
 *
 * <p>Nothing here does arithmetic on the private scalar: deriving Q = d·G by hand is variable-time
 * (a timing side channel on the key), and the JDK has no public constant-time API for it. The bytes
 * are moved, not computed; whether they belong together is checked by a signature made with the JDK's
 * ECDSA and verified with the public half.
 */
final class EcKeyPairEncoding {
    static final String HOW_TO_ADD_PUBLIC_KEY = "write the key again with its public half: "
            + "openssl ec -in KEY -out KEY.sec1.pem (and, for PKCS#8, "
            + "openssl pkcs8 -topk8 -nocrypt -in KEY.sec1.pem -out KEY.pem)";
    private static final int UNCOMPRESSED_POINT = 0x04;

    private EcKeyPairEncoding() {
    }

    /**
     * Reads the public key embedded in a PKCS#8 EC private key and checks that it belongs to the private key.
     *
     * @param file the key file, for messages
     * @param pkcs8 the PrivateKeyInfo DER
     * @param privateKey the private key decoded from {@code pkcs8}
     * @return the public key
     * @throws KeyFileException when the file has no public key, an unusable one, or one of another key
     */
    static PublicKey embeddedPublicKey(Path file, byte[] pkcs8, PrivateKey privateKey) throws KeyFileException {
        byte[] point;
        byte[] algorithm;
        try {
            algorithm = Der.child(pkcs8, Der.SEQUENCE);
            byte[] ecPrivateKey = Der.child(pkcs8, Der.OCTET_STRING);
            byte[] tagged = ecPrivateKey == null ? null : Der.child(ecPrivateKey, 0xa1);
            if (algorithm == null || tagged == null) {
                throw new KeyFileException(file, "holds no public key next to the private key (Java's KeyPairGenerator"
                        + " and some tools leave it out, and it is not computed here from the private key); "
                        + HOW_TO_ADD_PUBLIC_KEY, null);
            }
            point = Der.content(tagged, Der.BIT_STRING);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "is not a well-formed EC private key: " + e.getMessage(), e);
        }
        if (point.length < 2 || point[0] != 0 || point[1] != UNCOMPRESSED_POINT) {
            throw new KeyFileException(file, "holds its public key in compressed form; write it uncompressed: "
                    + "openssl ec -in KEY -conv_form uncompressed -out KEY.sec1.pem", null);
        }
        PublicKey publicKey;
        try {
            byte[] spki = Der.sequence(Der.tlv(Der.SEQUENCE, algorithm), Der.tlv(Der.BIT_STRING, point));
            publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyFileException(file, "holds a public key that is no point of the key's curve: " + e.getMessage()
                    + "; " + HOW_TO_ADD_PUBLIC_KEY, e);
        }
        requireSameKeyPair(file, privateKey, publicKey);
        return publicKey;
    }

    /**
     * Encodes a key pair as PKCS#8 PrivateKeyInfo whose ECPrivateKey carries the public key, as OpenSSL writes it:
     * {@code SEQUENCE { 0, AlgorithmIdentifier, OCTET STRING { SEQUENCE { 1, OCTET STRING d, [1] BIT STRING Q } } }}.
     *
     * @param privateKey an EC private key
     * @param publicKey its public half
     * @return the DER
     */
    static byte[] pkcs8WithPublicKey(PrivateKey privateKey, PublicKey publicKey) {
        byte[] javaPkcs8 = privateKey.getEncoded();
        byte[] algorithm = Der.child(javaPkcs8, Der.SEQUENCE);
        byte[] scalar = Der.child(Der.child(javaPkcs8, Der.OCTET_STRING), Der.OCTET_STRING);
        byte[] point = Der.child(publicKey.getEncoded(), Der.BIT_STRING);
        if (algorithm == null || scalar == null || point == null) {
            throw new IllegalArgumentException("not an EC key pair in the JDK's encoding");
        }
        byte[] ecPrivateKey = Der.sequence(new byte[] {Der.INTEGER, 1, 1}, Der.tlv(Der.OCTET_STRING, scalar),
                Der.tlv(0xa1, Der.tlv(Der.BIT_STRING, point)));
        return Der.sequence(new byte[] {Der.INTEGER, 1, 0}, Der.tlv(Der.SEQUENCE, algorithm),
                Der.tlv(Der.OCTET_STRING, ecPrivateKey));
    }

    private static void requireSameKeyPair(Path file, PrivateKey privateKey, PublicKey publicKey) throws KeyFileException {
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            String algorithm = EcKeys.signatureAlgorithm(privateKey);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(file, "its key pair cannot be checked: " + e.getMessage(), e);
        }
        throw new KeyFileException(file, "holds a public key that does not belong to its private key (the file was"
                + " damaged or put together from two keys); " + HOW_TO_ADD_PUBLIC_KEY, null);
    }
}
