package org.modelgate.remote.mqtt.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A test PKI made with the JDK's keytool: a CA, the broker's server certificate (SAN localhost and 127.0.0.1), two
 * device certificates (CN = the device's name), a controller certificate, a broker certificate that has expired, and
 * a rogue CA with a device certificate of its own (right name, wrong issuer). Everything is written as PEM:
 * certificates as {@code CERTIFICATE}, keys as unencrypted PKCS#8 {@code PRIVATE KEY}, the files mosquitto and the
 * agent's caFile/certFile/keyFile read.
 *
 * <p>Made once per test JVM and folder (keytool starts a JVM per call; a set takes some seconds).
 */
final class TestCertificates {
    /** The device names the certificates are made for. */
    static final String DEVICE_A = "device-a";
    static final String DEVICE_B = "device-b";
    static final String CONTROLLER = "controller";

    /**
     * One identity: a certificate and its private key, both PEM files.
     *
     * @param name the certificate's common name (the broker's username with use_identity_as_username)
     * @param certFile the certificate
     * @param keyFile the private key, PKCS#8
     */
    record Identity(String name, Path certFile, Path keyFile) {
    }

    private static final Map<Path, TestCertificates> MADE = new HashMap<>();

    private final Path folder;
    private final Keytool keytool;

    private TestCertificates(Path folder) {
        this.folder = folder;
        this.keytool = new Keytool(folder);
    }

    /**
     * The certificate set in a folder, made on first use in this JVM (the folder is emptied first).
     *
     * @param folder where the files go, under target/
     * @return the set
     */
    static synchronized TestCertificates in(Path folder) {
        return MADE.computeIfAbsent(folder.toAbsolutePath(), f -> new TestCertificates(f).make());
    }

    /** The CA that signed the broker's, devices' and controller's certificates. */
    Path caFile() {
        return folder.resolve("ca.pem");
    }

    /** A CA nobody trusts: its certificate, to give a client the wrong trust anchor. */
    Path rogueCaFile() {
        return folder.resolve("rogue-ca.pem");
    }

    /** The broker's certificate: CN localhost, SAN DNS localhost and IP 127.0.0.1. */
    Identity server() {
        return identity("localhost", "server");
    }

    /**
     * A device's certificate, CN = its name.
     *
     * @param device {@link #DEVICE_A} or {@link #DEVICE_B}
     * @return its identity
     */
    Identity device(String device) {
        return identity(device, device);
    }

    /** The controller's certificate: the broker's ACL lets it use all of {@code modelgate/#}. */
    Identity controller() {
        return identity(CONTROLLER, CONTROLLER);
    }

    /** A broker certificate like {@link #server()}, signed by the CA, that expired days ago. */
    Identity expiredServer() {
        return identity("localhost", "expired-server");
    }

    /** A certificate for {@link #DEVICE_A}'s name, signed by the rogue CA. */
    Identity rogueDevice() {
        return identity(DEVICE_A, "rogue-" + DEVICE_A);
    }

    private Identity identity(String name, String file) {
        return new Identity(name, folder.resolve(file + ".crt.pem"), folder.resolve(file + ".key.pem"));
    }

    private TestCertificates make() {
        try {
            deleteTree(folder);
            Files.createDirectories(folder);
            makeCa("ca", "CN=Modelgate Test CA,O=Modelgate tests");
            makeCa("rogue-ca", "CN=Rogue CA,O=Nobody");
            makeLeaf("ca", "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth");
            makeLeaf("ca", "expired-server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth",
                    "-startdate", "-10d", "-validity", "2");
            makeLeaf("ca", DEVICE_A, "CN=" + DEVICE_A, null, "EKU=clientAuth");
            makeLeaf("ca", DEVICE_B, "CN=" + DEVICE_B, null, "EKU=clientAuth");
            makeLeaf("ca", CONTROLLER, "CN=" + CONTROLLER, null, "EKU=clientAuth");
            makeLeaf("rogue-ca", "rogue-" + DEVICE_A, "CN=" + DEVICE_A, null, "EKU=clientAuth");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the test certificates in " + folder, e);
        }
    }

    private void makeCa(String alias, String dname) throws IOException {
        keytool.run("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign", "-validity", "30",
                "-keystore", alias + ".p12", "-storetype", "PKCS12", "-storepass", Keytool.STORE_PASSWORD);
        keytool.run("-exportcert", "-rfc", "-alias", alias, "-keystore", alias + ".p12",
                "-storepass", Keytool.STORE_PASSWORD, "-file", alias + ".pem");
    }

    private void makeLeaf(String ca, String file, String dname, String san, String eku, String... validity)
            throws IOException {
        String store = file + ".p12";
        keytool.run("-genkeypair", "-alias", file, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "30", "-keystore", store, "-storetype", "PKCS12", "-storepass", Keytool.STORE_PASSWORD);
        keytool.run("-certreq", "-alias", file, "-keystore", store, "-storepass", Keytool.STORE_PASSWORD,
                "-file", file + ".csr");
        var gencert = new java.util.ArrayList<>(java.util.List.of("-gencert", "-rfc", "-alias", ca,
                "-keystore", ca + ".p12", "-storepass", Keytool.STORE_PASSWORD, "-infile", file + ".csr",
                "-outfile", file + ".crt.pem", "-ext", "KU=digitalSignature", "-ext", eku));
        gencert.addAll(validity.length > 0 ? java.util.List.of(validity) : java.util.List.of("-validity", "30"));
        if (san != null) {
            gencert.addAll(java.util.List.of("-ext", san));
        }
        keytool.run(gencert.toArray(String[]::new));
        writePrivateKey(folder.resolve(store), file, folder.resolve(file + ".key.pem"));
    }

    private static void writePrivateKey(Path store, String alias, Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, Keytool.STORE_PASSWORD.toCharArray());
            Key key = keyStore.getKey(alias, Keytool.STORE_PASSWORD.toCharArray());
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n",
                    StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key '" + alias + "' back from " + store, e);
        }
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
