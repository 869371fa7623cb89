package org.modelgate.security;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import org.modelgate.security.internal.EcKeys;
import org.modelgate.security.internal.PemFile;

/**
 * An EC private key (P-256, P-384 or P-521) that signs model folders, with its public half.
 *
 * @param privateKey the private key
 * @param publicKey the matching public key
 */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    /** Checks the components. */
    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * Reads an unencrypted PEM private key: PKCS#8 ({@code BEGIN PRIVATE KEY}, as
     * {@code openssl genpkey} writes) or SEC1 ({@code BEGIN EC PRIVATE KEY}, as
     * {@code openssl ecparam -genkey} writes).
     *
     * @param pemFile the key file
     * @return the key
     * @throws KeyFileException when the file cannot be read, is encrypted, or holds no supported EC key
     */
    public static SigningKey fromPemFile(Path pemFile) throws KeyFileException {
        return EcKeys.signingKey(pemFile, PemFile.read(pemFile));
    }

    /**
     * Returns the key hint a bundle signed with this key carries: sha256 of the public key's PEM text.
     *
     * @return 64 lowercase hex digits
     */
    public String hint() {
        return EcKeys.hint(publicKey);
    }
}
