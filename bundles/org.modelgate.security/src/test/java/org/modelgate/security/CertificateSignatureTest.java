package org.modelgate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature: Modelgate signs with a certificate (model_signing's certificate method) and verifies through the same
 * code path as the reference tool's signatures; bad certificates and chains are refused with reasons.
 */
class CertificateSignatureTest {
    static final Path PKI = Path.of("src/test/resources/certificates");

    @TempDir
    Path base;

    private Path trust;
    private Path folder;
    private VerifiedModel verified;
    private ModelSignatureException refusal;

    @BeforeEach
    void givenAGatewayTrustingTheTestRootCa() throws IOException {
        trust = base.resolve("trust");
        Files.createDirectories(trust.resolve("model-ca"));
        Files.copy(PKI.resolve("root-ca.pem"), trust.resolve("model-ca/acme-root.pem"));
        folder = base.resolve("iris/1.0.0");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("model.json"), "{\"name\":\"iris\",\"version\":\"1.0.0\",\"format\":\"onnx\","
                + "\"file\":\"model.onnx\"}");
        Files.write(folder.resolve("model.onnx"), "not really onnx".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFolderSignedWithACodeSigningCertificateVerifiesNamingItsSubject() throws Exception {
        whenSignedWith("signer", "int-ca.pem");
        whenVerifying();
        assertThat(refusal).isNull();
        assertThat(verified.signedBy()).isEqualTo(
                "EMAILADDRESS=models@acme.example,CN=Acme Model Release,O=Acme"
                        + " <models@acme.example> (certificate serial 2001, CA acme-root)");
        assertThat(verified.certificateAuthority().id()).isEqualTo("acme-root");
        assertThat(verified.files()).extracting(SignedFile::path).containsExactly("model.json", "model.onnx");
        assertThat(Files.readString(folder.resolve("model.sig"))).contains("x509CertificateChain").doesNotContain("publicKey");
    }

    @Test
    void theReferenceToolsTestKeyAndCertificateSignHereAndVerifyAgainstItsCa() throws Exception {
        Path vectors = ReferenceVectorsTest.VECTORS.resolve("keys");
        SigningKey key = SigningKey.fromPemFile(vectors.resolve("signing-key.openssl.pem"));
        SigningCertificate certificate = SigningCertificate.fromPemFiles(vectors.resolve("signing-key-cert.pem"),
                vectors.resolve("int-ca-cert.pem"));
        ModelSignatures.signer(key, certificate).sign(folder);
        Files.copy(vectors.resolve("ca-cert.pem"), trust.resolve("model-ca/model-transparency-root.pem"));
        whenVerifying();
        assertThat(refusal).isNull();
        assertThat(verified.certificateAuthority().id()).isEqualTo("model-transparency-root");
    }

    @Test
    void withoutItsIntermediateTheChainDoesNotReachTheCa() throws Exception {
        whenSignedWith("signer", null);
        whenVerifying();
        thenRefusedAs(SignatureProblem.UNTRUSTED_CERTIFICATE);
        assertThat(refusal.getMessage()).contains("Modelgate Test Models CA").contains("--chain");
    }

    @Test
    void aChainThatLoopsIsRefused() throws Exception {
        Path chain = base.resolve("loop-chain.pem");
        Files.writeString(chain, Files.readString(PKI.resolve("loop-a.pem")) + Files.readString(PKI.resolve("loop-b.pem")));
        ModelSignatures.signer(SigningKey.fromPemFile(PKI.resolve("loop-signer.key.pem")),
                SigningCertificate.fromPemFiles(PKI.resolve("loop-signer.pem"), chain)).sign(folder);
        whenVerifying();
        thenRefusedAs(SignatureProblem.UNTRUSTED_CERTIFICATE);
        assertThat(refusal.getMessage()).contains("loops");
    }

    @Test
    void aCertificateWithoutCodeSigningUsageIsRefused() throws Exception {
        whenSignedWith("no-code-signing", "int-ca.pem");
        whenVerifying();
        thenRefusedAs(SignatureProblem.CERTIFICATE_NOT_FOR_SIGNING);
        assertThat(refusal.getMessage()).contains("not for code signing").contains("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void aCaCertificateUsedAsSignerIsRefused() throws Exception {
        whenSignedWith("ca-signer", "int-ca.pem");
        whenVerifying();
        thenRefusedAs(SignatureProblem.CERTIFICATE_NOT_FOR_SIGNING);
        assertThat(refusal.getMessage()).contains("is a CA certificate");
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        whenSignedWith("expired", "int-ca.pem");
        whenVerifying();
        thenRefusedAs(SignatureProblem.EXPIRED_CERTIFICATE);
        assertThat(refusal.getMessage()).contains("2021-01-01T00:00:00Z");
    }

    @Test
    void aBundleOverTheSizeLimitIsRefusedBeforeItIsParsed() throws Exception {
        whenSignedWith("signer", "int-ca.pem");
        byte[] padding = new byte[16 * 1024 * 1024];
        java.util.Arrays.fill(padding, (byte) ' ');
        Files.write(folder.resolve("model.sig"), padding, java.nio.file.StandardOpenOption.APPEND);
        whenVerifying();
        thenRefusedAs(SignatureProblem.MALFORMED_BUNDLE);
        assertThat(refusal.getMessage()).contains("more than the 16777216 a signature may have");
    }

    @Test
    void aCertificateThatIsNotTheKeysIsRefusedWhenSigning() throws Exception {
        SigningKey key = SigningKey.fromPemFile(PKI.resolve("signer.key.pem"));
        SigningCertificate other = SigningCertificate.fromPemFiles(PKI.resolve("expired.pem"), null);
        assertThatThrownBy(() -> ModelSignatures.signer(key, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not for this key");
    }

    @Test
    void aChangedModelFileIsTamperedAsWithKeys() throws Exception {
        whenSignedWith("signer", "int-ca.pem");
        Files.writeString(folder.resolve("model.onnx"), "other weights");
        whenVerifying();
        thenRefusedAs(SignatureProblem.TAMPERED_FILE);
    }

    @Test
    void theTrustStoreRefusesASigningCertificateInModelCa() throws Exception {
        Files.copy(PKI.resolve("signer.pem"), trust.resolve("model-ca/signer.pem"));
        assertThatThrownBy(() -> TrustStore.load(trust)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("is not a CA certificate");
    }

    private void whenSignedWith(String name, String chain) throws Exception {
        ModelSignatures.signer(SigningKey.fromPemFile(PKI.resolve(name + ".key.pem")), SigningCertificate.fromPemFiles(
                PKI.resolve(name + ".pem"), chain == null ? null : PKI.resolve(chain))).sign(folder);
    }

    private void whenVerifying() throws Exception {
        try {
            verified = ModelSignatures.verifier(TrustStore.load(trust)).verify(folder);
        } catch (ModelSignatureException e) {
            refusal = e;
        }
    }

    private void thenRefusedAs(SignatureProblem problem) {
        assertThat(verified).as("verified").isNull();
        assertThat(refusal).isNotNull();
        assertThat(refusal.problem()).as(refusal.getMessage()).isEqualTo(problem);
    }
}
