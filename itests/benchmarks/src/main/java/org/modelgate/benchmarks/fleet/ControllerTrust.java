package org.modelgate.benchmarks.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modelgate.remote.CommandSignatures;

/**
 * The controller keys a simulated gateway trusts, by id (the file name a gateway would keep them under in
 * {@code etc/trust/controller/}) and by hint (sha256 of the public key's PEM text, as the trust store computes it).
 * Checks a mutating command's signature with {@link CommandSignatures#verify}, worded as the real agent words it.
 */
public final class ControllerTrust {
    private final Map<String, PublicKey> byName = new LinkedHashMap<>();
    private final Map<String, String> idByName = new LinkedHashMap<>();

    /** Trusts a controller key under an id; it is also found by its hint. */
    public ControllerTrust trust(String id, PublicKey key) {
        byName.put(id, key);
        idByName.put(id, id);
        String hint = hint(key);
        byName.put(hint, key);
        idByName.put(hint, id);
        return this;
    }

    /** The hint of a public key: lowercase hex SHA-256 of its PEM text (64-character lines, trailing newline). */
    public static String hint(PublicKey key) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return the id of the key that signed
     * @throws CommandError when unsigned, badly encoded, by an unknown key or not verifying
     */
    String check(String command, byte[] payload, String signature, String key) throws CommandError {
        if (signature == null || key == null) {
            throw new CommandError("command '" + command + "' changes the gateway and must be signed by a controller key:"
                    + " user properties '" + CommandSignatures.SIGNATURE_PROPERTY + "' and '"
                    + CommandSignatures.KEY_PROPERTY + "' are missing");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new CommandError("user property 'signature' is not base64: " + e.getMessage());
        }
        PublicKey trusted = byName.get(key);
        if (trusted == null) {
            throw new CommandError("unknown key '" + key + "': no controller key of etc/trust/controller has that hint or"
                    + " name; add the controller's public key there (mg:trust add controller NAME FILE)");
        }
        String id = idByName.get(key);
        if (!CommandSignatures.verify(command, payload, bytes, trusted)) {
            throw new CommandError("bad signature: it does not verify with controller key '" + id + "' over this command"
                    + " and payload (signed for another command, payload changed, or another key)");
        }
        return id;
    }
}
