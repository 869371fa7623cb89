package org.modelgate.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Fresh EC key pairs written as PEM files, for tests (never committed). */
public final class TestKeys {
    private TestKeys() {
    }

    /** Generates a key pair on the named curve, e.g. secp256r1. */
    public static KeyPair generate(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the private key as PKCS#8 PEM with its public key inside, as OpenSSL does, and returns the file. */
    public static Path writePrivate(KeyPair pair, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return new SigningKey(pair.getPrivate(), pair.getPublic()).writePemFile(file);
    }

    /** Writes the private key as the JDK encodes it: PKCS#8 without the public key. */
    public static Path writePrivateWithoutPublicKey(KeyPair pair, Path file) throws IOException {
        return write(file, "PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /** Writes the public key as SubjectPublicKeyInfo PEM and returns the file. */
    public static Path writePublic(KeyPair pair, Path file) throws IOException {
        return write(file, "PUBLIC KEY", pair.getPublic().getEncoded());
    }

    /** Writes a PEM block of the given type. */
    public static Path write(Path file, String type, byte[] der) throws IOException {
        Files.createDirectories(file.getParent());
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }
}
