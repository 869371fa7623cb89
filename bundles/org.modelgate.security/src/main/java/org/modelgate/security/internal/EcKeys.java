package org.modelgate.security.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
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
            return new SigningKey(key, publicHalf(factory, (ECPrivateKey) key));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyFileException(file, "is not an EC private key (only ECDSA P-256, P-384, P-521 keys sign models): "
                    + e.getMessage(), e);
        }
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

    /** Computes Q = d·G: the JDK has no public API for it, so do the double-and-add here once per key load. */
    private static PublicKey publicHalf(KeyFactory factory, ECPrivateKey key) throws GeneralSecurityException {
        ECParameterSpec params = key.getParams();
        ECPoint q = EcPoints.multiply(params, key.getS());
        return factory.generatePublic(new ECPublicKeySpec(q, params));
    }

    /**
     * PKCS#8 PrivateKeyInfo { version 0, AlgorithmIdentifier { id-ecPublicKey, curve }, OCTET STRING { SEC1 } },
     * the curve taken from the SEC1 key's [0] parameters (OpenSSL always writes them).
     */
    private static byte[] wrapSec1(byte[] sec1) {
        byte[] curve = Der.explicitTag(sec1, 0xa0);
        if (curve == null) {
            throw new IllegalArgumentException("the EC PRIVATE KEY names no curve; convert it with openssl pkey -in KEY -out PKCS8");
        }
        byte[] algorithm = Der.sequence(EC_PUBLIC_KEY_OID, curve);
        byte[] version = {0x02, 0x01, 0x00};
        return Der.sequence(version, algorithm, Der.tlv(0x04, sec1));
    }

    /** Minimal DER for the one structure above. */
    static final class Der {
        private Der() {
        }

        /** Returns the content of the context tag {@code tag} among the children of a top-level SEQUENCE, or null. */
        static byte[] explicitTag(byte[] der, int tag) {
            int[] pos = {0};
            if (der.length < 2 || (der[0] & 0xff) != 0x30) {
                throw new IllegalArgumentException("not a DER SEQUENCE");
            }
            pos[0] = 1;
            int end = length(der, pos);
            end += pos[0];
            if (end != der.length) {
                throw new IllegalArgumentException("bad DER length");
            }
            while (pos[0] < end) {
                int t = der[pos[0]++] & 0xff;
                int n = length(der, pos);
                if (pos[0] + n > end) {
                    throw new IllegalArgumentException("bad DER length");
                }
                if (t == tag) {
                    return java.util.Arrays.copyOfRange(der, pos[0], pos[0] + n);
                }
                pos[0] += n;
            }
            return null;
        }

        private static int length(byte[] der, int[] pos) {
            if (pos[0] >= der.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            int first = der[pos[0]++] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int bytes = first & 0x7f;
            if (bytes == 0 || bytes > 3 || pos[0] + bytes > der.length) {
                throw new IllegalArgumentException("unsupported DER length");
            }
            int n = 0;
            for (int i = 0; i < bytes; i++) {
                n = (n << 8) | (der[pos[0]++] & 0xff);
            }
            return n;
        }

        static byte[] sequence(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return tlv(0x30, out.toByteArray());
        }

        static byte[] tlv(int tag, byte[] value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int n = value.length;
            if (n < 0x80) {
                out.write(n);
            } else if (n < 0x100) {
                out.write(0x81);
                out.write(n);
            } else {
                out.write(0x82);
                out.write(n >> 8);
                out.write(n);
            }
            out.writeBytes(value);
            return out.toByteArray();
        }
    }
}
