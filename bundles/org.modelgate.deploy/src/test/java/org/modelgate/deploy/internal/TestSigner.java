package org.modelgate.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A signing identity made for a test the way a vendor makes one: {@code keytool -genkeypair} (a private key
 * and a self-signed certificate in a PKCS#12 key store), nothing committed.
 *
 * @param name the alias and common name
 * @param privateKey the private key
 * @param certificates the certificate path, the signer's own first
 */
record TestSigner(String name, PrivateKey privateKey, CertPath certificates) {
    private static final String PASSWORD = "test-only";

    /** Key kinds jarsigner users pick. */
    enum Kind {
        EC_P256("-keyalg", "EC", "-groupname", "secp256r1"),
        RSA_2048("-keyalg", "RSA", "-keysize", "2048");

        private final List<String> options;

        Kind(String... options) {
            this.options = List.of(options);
        }
    }

    /** Runs keytool for a new key pair and certificate, and loads them. */
    static TestSigner create(Path folder, String name, Kind kind) {
        try {
            Path store = folder.resolve(name + ".p12");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                    "-alias", name, "-dname", "CN=" + name + ",O=Modelgate Tests", "-validity", "2"));
            command.addAll(kind.options);
            Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + command + "\n" + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyStore.PrivateKeyEntry entry = (KeyStore.PrivateKeyEntry) keys.getEntry(name,
                    new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(entry.getCertificateChain()));
            return new TestSigner(name, entry.getPrivateKey(), path);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes the public key as the operator does: {@code <trust>/<role folder>/<id>.pem}. */
    Path trustAs(Path trustStore, String roleFolder, String id) throws IOException {
        Path pem = Files.createDirectories(trustStore.resolve(roleFolder)).resolve(id + ".pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(
                        certificates.getCertificates().get(0).getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
        return pem;
    }
}
