package org.modelgate.remote;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.util.Base64;

/**
 * Signs and checks remote commands that change the gateway.
 *
 * <p>The signature covers {@code "modelgate-command/1\n" + command + "\n"} followed by the raw MQTT payload bytes (the
 * JSON envelope with its id, expiry and body), so neither the command nor any byte of the request can be changed or
 * moved to another command. It travels as the MQTT 5 user property {@value #SIGNATURE_PROPERTY} (base64), with
 * {@value #KEY_PROPERTY} naming the key: its hint (lowercase hex sha256 of its public key PEM text, as the trust
 * store computes it) or its id (file name in {@code etc/trust/controller/} without {@code .pem}). ECDSA keys sign
 * with SHA-256/384/512 by curve size (P-256, P-384, P-521), Ed25519 keys with Ed25519.
 *
 * <pre>
 * byte[] payload = "{\"id\":\"c-1\",\"expires\":\"2026-12-07T06:00:00Z\",\"body\":{}}".getBytes(UTF_8);
 * MqttProperties properties = new MqttProperties();
 * properties.setUserProperties(List.of(
 *         new UserProperty(CommandSignatures.SIGNATURE_PROPERTY, CommandSignatures.signBase64("rollback", payload, key)),
 *         new UserProperty(CommandSignatures.KEY_PROPERTY, keyHint)));
 * </pre>
 */
public final class CommandSignatures {
    /** The MQTT user property carrying the base64 signature. */
    public static final String SIGNATURE_PROPERTY = "signature";
    /** The MQTT user property naming the signing key (hint or id). */
    public static final String KEY_PROPERTY = "key";
    /** The first line of what is signed: names the scheme and its version. */
    public static final String CONTEXT = "modelgate-command/1";

    private CommandSignatures() {
    }

    /**
     * Signs a command.
     *
     * @param command the command's name (the last topic segment)
     * @param payload the exact payload bytes that will be published
     * @param key an EC (P-256, P-384, P-521) or Ed25519 private key
     * @return the signature (DER for ECDSA)
     * @throws IllegalArgumentException when the key is of another kind or cannot sign
     */
    public static byte[] sign(String command, byte[] payload, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance(algorithm(key));
            signer.initSign(key);
            signer.update(signedBytes(command, payload));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /**
     * Signs a command and gives the signature as the {@value #SIGNATURE_PROPERTY} user property's value.
     *
     * @param command the command's name
     * @param payload the exact payload bytes
     * @param key the private key
     * @return the signature, base64 (standard alphabet, padded)
     */
    public static String signBase64(String command, byte[] payload, PrivateKey key) {
        return Base64.getEncoder().encodeToString(sign(command, payload, key));
    }

    /**
     * Checks a command's signature.
     *
     * @param command the command's name
     * @param payload the payload bytes as received
     * @param signature the signature
     * @param key the public key it should verify with
     * @return true when the signature was made by the key's private half over this command and payload
     */
    public static boolean verify(String command, byte[] payload, byte[] signature, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(algorithm(key));
            verifier.initVerify(key);
            verifier.update(signedBytes(command, payload));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A malformed DER signature or a key of another kind: not a valid signature.
            return false;
        }
    }

    private static byte[] signedBytes(String command, byte[] payload) {
        byte[] head = (CONTEXT + "\n" + command + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + payload.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        return all;
    }

    private static String algorithm(Key key) {
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
        }
        if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
            return "Ed25519";
        }
        throw new IllegalArgumentException("remote commands are signed with EC (P-256, P-384, P-521) or Ed25519 keys, not "
                + key.getAlgorithm());
    }
}
