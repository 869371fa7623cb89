package org.modelgate.security.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import org.modelgate.security.KeyFileException;
import org.modelgate.security.SigningKey;

/**
 * EC keys as model_signing uses them: P-256/P-384/P-521, ECDSA with SHA-256/384/512 by curve size,
 * DER signatures, and the key hint (sha256 of the SubjectPublicKeyInfo PEM text).
 */
public final class EcKeys {
    private static final String PUBLIC_KEY = "PUBLIC KEY";
    private static final String PKCS8 = "PRIVATE KEY";
    private static final String SEC1 = "EC PRIVATE KEY";
    /** AlgorithmIdentifier { id-ecPublicKey } without parameters; SEC1 keys carry their curve. */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private EcKeys() {
    }

    /**
     * Returns the JCA signature algorithm model_signing pairs with the key's curve.
     *
     * @param key an EC public or private key
     * @return SHA256withECDSA, SHA384withECDSA or SHA512withECDSA
     */
    public static String signatureAlgorithm(java.security.Key key) {
        int bits = fieldBits(key);
        return switch (bits) {
            case 256 -> "SHA256withECDSA";
            case 384 -> "SHA384withECDSA";
            default -> "SHA512withECDSA";
        };
    }

    /**
     * Returns the key hint: lowercase hex sha256 of the key's SubjectPublicKeyInfo PEM text, as
     * model_signing writes into {@code verificationMaterial.publicKey.hint}.
     *
     * @param key the public key
     * @return 64 hex digits
     */
    public static String hint(PublicKey key) {
        byte[] pem = PemFile.format(PUBLIC_KEY, key.getEncoded()).getBytes(StandardCharsets.US_ASCII);
        return HexFormat.of().formatHex(Digests.sha256(pem));
    }

    /**
     * Reads a public key from PEM blocks.
     *
     * @param file the file, for messages
     * @param blocks its blocks
     * @return the key, on a supported curve
     * @throws KeyFileException when no block is an EC public key on a supported curve
     */
    public static PublicKey publicKey(Path file, List<PemFile.Block> blocks) throws KeyFileException {
        for (PemFile.Block block : blocks) {
            if (block.type().contains("PRIVATE")) {
                throw new KeyFileException(file, "holds a private key; a trust store holds public keys only "
                        + "(openssl pkey -in KEY -pubout -out KEY.pub.pem)", null);
            }
        }
        PemFile.Block block = only(file, blocks, PUBLIC_KEY);
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(block.der()));
            checkCurve(file, key);
            return key;
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(file, "is not an EC public key (only ECDSA P-256, P-384, P-521 keys sign models): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads a signing key from PEM blocks (PKCS#8 or SEC1).
     *
     * @param file the file, for messages
     * @param blocks its blocks
     * @return the key and its public half
     * @throws KeyFileException when no block is an unencrypted EC private key on a supported curve
     */
    public static SigningKey signingKey(Path file, List<PemFile.Block> blocks) throws KeyFileException {
        if (blocks.stream().anyMatch(b -> b.type().equals("ENCRYPTED PRIVATE KEY"))) {
            throw new KeyFileException(file, "holds an encrypted key; decrypt it first (openssl pkey -in KEY -out PLAIN)", null);
        }
        PemFile.Block block = blocks.stream().filter(b -> b.type().equals(PKCS8) || b.type().equals(SEC1))
                .findFirst().orElseThrow(() -> new KeyFileException(file,
                        "holds no private key (expected -----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)", null));
        byte[] pkcs8 = block.type().equals(SEC1) ? wrapSec1(block.der()) : block.der();
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            PrivateKey key = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            checkCurve(file, key);
            return new SigningKey(key, EcKeyPairEncoding.embeddedPublicKey(file, pkcs8, key));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyFileException(file, "is not an EC private key (only ECDSA P-256, P-384, P-521 keys sign models): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes a signing key as PKCS#8 PEM text that carries its public half, as OpenSSL writes EC keys.
     *
     * @param key the key pair
     * @return {@code -----BEGIN PRIVATE KEY-----} text
     */
    public static String privateKeyPem(SigningKey key) {
        return PemFile.format(PKCS8, EcKeyPairEncoding.pkcs8WithPublicKey(key.privateKey(), key.publicKey()));
    }

    private static PemFile.Block only(Path file, List<PemFile.Block> blocks, String type) throws KeyFileException {
        List<PemFile.Block> found = blocks.stream().filter(b -> b.type().equals(type)).toList();
        if (found.size() != 1) {
            throw new KeyFileException(file, "must hold exactly one -----BEGIN " + type + "----- block, holds "
                    + found.size(), null);
        }
        return found.get(0);
    }

    private static void checkCurve(Path file, java.security.Key key) throws KeyFileException {
        int bits = fieldBits(key);
        if (bits != 256 && bits != 384 && bits != 521) {
            throw new KeyFileException(file, "uses a " + bits + "-bit curve; use P-256 (or P-384, P-521)", null);
        }
    }

    private static int fieldBits(java.security.Key key) {
        ECParameterSpec params = key instanceof ECPublicKey pub ? pub.getParams() : ((ECPrivateKey) key).getParams();
        return params.getCurve().getField().getFieldSize();
    }

    /**
     * PKCS#8 PrivateKeyInfo { version 0, AlgorithmIdentifier { id-ecPublicKey, curve }, OCTET STRING { SEC1 } },
     * the curve taken from the SEC1 key's [0] parameters (OpenSSL always writes them).
     */
    private static byte[] wrapSec1(byte[] sec1) {
        byte[] curve = Der.child(sec1, 0xa0);
        if (curve == null) {
            throw new IllegalArgumentException("the EC PRIVATE KEY names no curve; convert it with openssl pkey -in KEY -out PKCS8");
        }
        byte[] algorithm = Der.sequence(EC_PUBLIC_KEY_OID, curve);
        byte[] version = {0x02, 0x01, 0x00};
        return Der.sequence(version, algorithm, Der.tlv(Der.OCTET_STRING, sec1));
    }
}
