package org.modelgate.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.security.TrustStore;

/**
 * Feature: a jar signed with the JDK's command line tools, exactly as docs/signed-bundles.md tells a vendor,
 * verifies once the operator put the public key under bundle-signer/; the refusal's key hint is what
 * {@code sha256sum} prints for that key file.
 */
class JarsignerToolTest {
    private static final Path BIN = Path.of(System.getProperty("java.home"), "bin");

    @TempDir
    Path work;

    @Test
    void aJarSignedByTheJarsignerCommandVerifies() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("jarsigner")), "jarsigner is not in this JDK");
        Path store = work.resolve("acme-release.p12");
        run("keytool", "-genkeypair", "-alias", "acme-release", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=Acme Release, O=Acme", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        Path jar = TestJars.write(work.resolve("acme-camera-2.1.0.jar"), TestJars.bundle("com.acme.camera", "2.1.0"));
        run("jarsigner", "-keystore", store.toString(), "-storepass", "changeit", jar.toString(), "acme-release");
        Path certificate = work.resolve("acme-release.crt");
        run("keytool", "-exportcert", "-rfc", "-alias", "acme-release", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        Path pem = givenTheOperatorTrusts(certificate, work.resolve("trust/bundle-signer/acme-release.pem"));

        VerifiedJar verified = new SignedJarVerifier(TrustStore.load(work.resolve("trust"))).verify(jar, "acme-camera-2.1.0.jar");

        assertThat(verified.symbolicName()).isEqualTo("com.acme.camera");
        assertThat(verified.signer()).isEqualTo("CN=Acme Release,O=Acme");
        assertThat(verified.key().id()).isEqualTo("acme-release");
        assertThat(verified.key().hint()).as("sha256sum of the .pem")
                .isEqualTo(HexFormat.of().formatHex(KeyHint.sha256().digest(Files.readAllBytes(pem))));
    }

    /** What {@code openssl x509 -in acme-release.crt -pubkey -noout > acme-release.pem} writes. */
    private static Path givenTheOperatorTrusts(Path certificate, Path pem) throws Exception {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certificate)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Files.createDirectories(pem.getParent());
        return Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(cert.getPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
    }

    private void run(String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(BIN.resolve(tool).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
    }
}
