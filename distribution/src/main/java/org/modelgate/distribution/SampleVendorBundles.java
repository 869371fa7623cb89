package org.modelgate.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

import jdk.security.jarsigner.JarSigner;

/**
 * Build tool (not shipped): test material for the vendor bundle tests of the built gateway. Makes a signing
 * key for this build only, as a vendor would ({@code keytool -genkeypair}, EC P-256, self-signed), signs a
 * sample bundle with it in two versions (what {@code jarsigner} does, through the JDK's JarSigner API), writes
 * an unsigned sample too, and the key's public half as a trust store would hold it. The key store is deleted
 * afterwards: nothing else can be signed with that key. Nothing here goes into the tar.gz.
 *
 * <p>Argument: {@code <output folder>}; writes {@code bundle-signer/sample-vendor.pem},
 * {@code org.modelgate.sample.vendor-1.0.0.jar}, {@code org.modelgate.sample.vendor-1.1.0.jar} (signed) and
 * {@code org.modelgate.sample.unsigned-1.0.0.jar}.
 */
public final class SampleVendorBundles {
    static final String SIGNED = "org.modelgate.sample.vendor";
    static final String UNSIGNED = "org.modelgate.sample.unsigned";
    private static final String PASSWORD = "build-only";

    private SampleVendorBundles() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SampleVendorBundles <output folder>");
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        Path store = out.resolve("sample-vendor.p12");
        Files.deleteIfExists(store);
        keytool("-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-alias", "vendor", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=Modelgate Sample Vendor,O=Modelgate build");
        KeyStore.PrivateKeyEntry key;
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            key = (KeyStore.PrivateKeyEntry) keys.getEntry("vendor", new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
        } finally {
            Files.delete(store);
        }
        JarSigner signer = new JarSigner.Builder(key.getPrivateKey(), CertificateFactory.getInstance("X.509")
                .generateCertPath(Arrays.asList(key.getCertificateChain()))).signerName("VENDOR").build();
        for (String version : List.of("1.0.0", "1.1.0")) {
            Path unsigned = Files.write(out.resolve("unsigned.tmp"), bundle(SIGNED, version));
            try (ZipFile zip = new ZipFile(unsigned.toFile());
                    OutputStream signed = Files.newOutputStream(out.resolve(SIGNED + "-" + version + ".jar"))) {
                signer.sign(zip, signed);
            }
            Files.delete(unsigned);
        }
        Files.write(out.resolve(UNSIGNED + "-1.0.0.jar"), bundle(UNSIGNED, "1.0.0"));
        Path pem = Files.createDirectories(out.resolve("bundle-signer")).resolve("sample-vendor.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getCertificate().getPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n",
                StandardCharsets.US_ASCII);
        System.out.println("[vendor] signed sample bundles in " + out + "; the signer's public key is " + pem);
    }

    /** A bundle that wires to the gateway's API, as a vendor plugin would, with a class-free payload. */
    private static byte[] bundle(String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Bundle-Name", "Modelgate sample vendor bundle");
        main.putValue("Import-Package", "org.modelgate.api;version=\"[1.2,2)\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry("OSGI-INF/sample/labels.txt"));
            jar.write(("cat\ndog\nbird\n# " + version + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("OSGI-INF/sample/README.txt"));
            jar.write("A sample vendor bundle signed at build time; test material only.\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed:\n" + output);
        }
    }
}
