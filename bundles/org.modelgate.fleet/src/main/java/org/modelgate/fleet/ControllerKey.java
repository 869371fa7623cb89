package org.modelgate.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The controller's signing key: the private half of a key whose public half the gateways hold in their trust
 * store's {@code controller/} folder.
 *
 * @param id what the commands name in their {@code key} user property: the public key's file name in the trust
 *        store ({@code ops-a} for {@code controller/ops-a.pem}) or its hint
 * @param privateKey the private key (EC or Ed25519)
 */
public record ControllerKey(String id, PrivateKey privateKey) {
    /** Checks. */
    public ControllerKey {
        if (id == null || id.isBlank()) {
            throw new FleetException("controller key: the id (its trust store name or hint) is required");
        }
        if (privateKey == null) {
            throw new FleetException("controller key '" + id + "': the private key is required");
        }
    }

    /**
     * Reads a PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}, unencrypted: EC or Ed25519).
     *
     * @param pemFile the file
     * @param id the key's id in the gateways' trust stores; null: the file name without {@code .pem} and
     *        {@code .key}
     * @return the key
     * @throws FleetException naming the file and what is wrong with it
     */
    public static ControllerKey fromPemFile(Path pemFile, String id) {
        String text;
        try {
            text = Files.readString(pemFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new FleetException("controller key file " + pemFile + " cannot be read: " + e, e);
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new FleetException("controller key file " + pemFile + " holds no unencrypted PKCS#8 key (BEGIN PRIVATE"
                    + " KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + pemFile.getFileName());
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        String name = id != null ? id : pemFile.getFileName().toString().replaceFirst("(\\.key)?\\.pem$", "");
        for (String algorithm : new String[] {"EC", "Ed25519"}) {
            try {
                return new ControllerKey(name, KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der)));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new FleetException("controller key file " + pemFile + " is neither an EC nor an Ed25519 PKCS#8 key");
    }
}
