package org.modelgate.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
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
     * <p>The public half is read from the file (the ECPrivateKey's optional {@code publicKey} field, which
     * OpenSSL always writes) and checked against the private key; it is never computed from the private key
     * here. A file without it (as Java's {@code PrivateKey.getEncoded()} writes) is refused with the OpenSSL
     * command that adds it.
     *
     * @param pemFile the key file
     * @return the key
     * @throws KeyFileException when the file cannot be read, is encrypted, holds no supported EC key, or
     *         holds no public key or one that does not belong to the private key
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

    /**
     * Makes a fresh P-256 key pair with the JDK's {@code KeyPairGenerator}.
     *
     * @return the new key
     * @since 1.2
     */
    public static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot make P-256 keys: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the key to a new PEM file as OpenSSL does: PKCS#8 ({@code BEGIN PRIVATE KEY}) with the public
     * key inside, so that {@link #fromPemFile} and OpenSSL read it back. On POSIX file systems the file is
     * created with permissions 0600. An existing file is never replaced.
     *
     * @param pemFile the file to create; its folder must exist
     * @return {@code pemFile}
     * @throws IOException when the file exists already or cannot be written
     * @since 1.2
     */
    public Path writePemFile(Path pemFile) throws IOException {
        byte[] pem = EcKeys.privateKeyPem(this).getBytes(StandardCharsets.US_ASCII);
        if (Files.exists(pemFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(pemFile.toString(), null, "a key file is never replaced");
        }
        if (pemFile.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(pemFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(pemFile, pem, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            Files.write(pemFile, pem, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        return pemFile;
    }
}
