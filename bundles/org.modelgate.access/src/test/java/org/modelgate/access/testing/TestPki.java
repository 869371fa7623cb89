package org.modelgate.access.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test PKI made with the JDK's keytool (always there with a JDK, no extra library): a CA, certificates it issues
 * (EC P-256, valid two days), written as the PEM files the gateway reads: {@code NAME.crt.pem} and the PKCS#8
 * {@code NAME.key.pem}; the CA as {@code CA.crt.pem}.
 *
 * <pre>
 * TestPki ca = TestPki.create(folder, "Test CA");
 * Path server = ca.issue("server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost");
 * </pre>
 */
public final class TestPki {
    private static final String PASSWORD = "test-only";
    private final Path folder;
    private final String name;

    private TestPki(Path folder, String name) {
        this.folder = folder;
        this.name = name;
    }

    /**
     * Makes a CA in the folder.
     *
     * @param folder where its files go
     * @param name the file name stem and CN, e.g. {@code ca}
     * @return the CA
     */
    public static TestPki create(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        TestPki pki = new TestPki(folder, name);
        pki.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", pki.store(name).toString());
        pki.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", pki.store(name).toString(), "-file",
                pki.certificate(name).toString());
        return pki;
    }

    /** The CA's certificate (PEM). */
    public Path caFile() {
        return certificate(name);
    }

    /**
     * Issues a certificate.
     *
     * @param stem the file name stem, e.g. {@code server}
     * @param subject e.g. {@code CN=ops}
     * @param extension a keytool {@code -ext} value, e.g. {@code san=ip:127.0.0.1}, or null
     * @return the certificate file ({@code stem.crt.pem}); the key is {@link #keyFile(String)}
     */
    public Path issue(String stem, String subject, String extension) throws IOException {
        Path store = store(stem);
        keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject,
                "-validity", "2", "-keystore", store.toString());
        Path csr = folder.resolve(stem + ".csr");
        keytool("-certreq", "-alias", "leaf", "-keystore", store.toString(), "-file", csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", store(name).toString(),
                "-infile", csr.toString(), "-outfile", certificate(stem).toString(), "-rfc", "-validity", "2"));
        if (extension != null) {
            gencert.add("-ext");
            gencert.add(extension);
        }
        keytool(gencert.toArray(new String[0]));
        // the store gets the issued certificate in place of its self-signed one, with the CA as its chain
        keytool("-importcert", "-alias", "ca", "-file", caFile().toString(), "-keystore", store.toString());
        keytool("-importcert", "-alias", "leaf", "-file", certificate(stem).toString(), "-keystore", store.toString());
        writeKey(store, keyFile(stem));
        return certificate(stem);
    }

    /** The PKCS#8 key (PEM) of an issued certificate. */
    public Path keyFile(String stem) {
        return folder.resolve(stem + ".key.pem");
    }

    /** A PKCS#12 store (password {@link #password()}) with the issued key and its chain (alias leaf), for a JDK client. */
    public Path keyStore(String stem) {
        return store(stem);
    }

    /** The password of every store made here. */
    public static char[] password() {
        return PASSWORD.toCharArray();
    }

    private Path store(String stem) {
        return folder.resolve(stem + ".p12");
    }

    private Path certificate(String stem) {
        return folder.resolve(stem + ".crt.pem");
    }

    private static void writeKey(Path store, Path keyFile) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password());
            Key key = keys.getKey("leaf", password());
            String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
            Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n",
                    StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key of " + store + ": " + e, e);
        }
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12", "-noprompt"));
        if (List.of(args).contains("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
