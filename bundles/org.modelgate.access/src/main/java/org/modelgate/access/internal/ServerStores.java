package org.modelgate.access.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;

import org.modelgate.security.KeyFileException;
import org.modelgate.security.TlsKeyMaterial;

/**
 * The PKCS#12 stores Jetty reads, written from the PEM files at each start: {@code server.p12} (key and chain) and
 * {@code client-ca.p12} (the client CA), each under a fresh random password that only the HTTP configuration holds.
 * Files are 0600 in a folder of 0700: the PEM key in etc/ stays the one a person manages.
 */
final class ServerStores {
    /** Paths and the password of the written stores. */
    record Written(Path keyStore, Path trustStore, String password) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private ServerStores() {
    }

    static Written write(Path folder, Path certFile, Path keyFile, Path clientCaFile) throws KeyFileException, IOException {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path keys = folder.resolve("server.p12");
        store(TlsKeyMaterial.keyStore(certFile, keyFile, password.toCharArray()), keys, password);
        Path trust = null;
        if (clientCaFile != null) {
            trust = folder.resolve("client-ca.p12");
            store(TlsKeyMaterial.trustStore(clientCaFile), trust, password);
        }
        return new Written(keys, trust, password);
    }

    private static void store(KeyStore store, Path file, String password) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(temp)) {
            store.store(out, password.toCharArray());
        } catch (GeneralSecurityException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
