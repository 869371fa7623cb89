package org.modelgate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelgate.security.internal.Certificates;
import org.modelgate.security.internal.ModelFolderVerifier;

/**
 * Feature: signatures made by the reference tool (sigstore's model_signing) from its own published test vectors
 * verify here, under the documented policy (allowUnsigned=ignore-me, the file its scripts ignore), and modified
 * copies are refused with the right problem code.
 */
class ReferenceVectorsTest {
    static final Path VECTORS = Path.of("src/test/resources/vectors/model-transparency");
    static final VerificationPolicy DOCUMENTED = new VerificationPolicy(List.of("ignore-me"));

    @TempDir
    Path base;

    private Path trust;
    private Path folder;
    private VerifiedModel verified;
    private ModelSignatureException refusal;

    @ParameterizedTest
    @ValueSource(strings = {"v1.0.0-elliptic-key", "v1.0.1-elliptic-key", "v1.1.0-elliptic-key"})
    void keySignaturesOfTheReferenceToolVerify(String vector) throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf(vector);
        whenVerifying(DOCUMENTED);
        thenVerified();
        assertThat(verified.signer().id()).isEqualTo("model-transparency-test");
        assertThat(verified.signedBy()).isEqualTo("key model-transparency-test (model-signer)");
        assertThat(verified.certificatePath()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.0.0-certificate", "v1.0.1-certificate", "v1.1.0-certificate"})
    void certificateSignaturesOfTheReferenceToolVerifyAgainstItsCa(String vector) throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf(vector);
        whenVerifying(DOCUMENTED);
        thenVerified();
        assertThat(verified.certificateAuthority().id()).isEqualTo("model-transparency-root");
        assertThat(verified.certificatePath()).hasSize(2);
        assertThat(verified.signedBy()).isEqualTo("CN=intermediate-ca (certificate serial "
                + "6e5346e4b06d34cf978386af305f25aeff0b6755, CA model-transparency-root)");
        assertThat(verified.files()).extracting(SignedFile::path).containsExactly("signme-1", "signme-2");
    }

    @Test
    void aSingleSignedFileVerifiesAsTheFileNamedByTheSubject() throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf("v1.0.0-elliptic-key");
        whenVerifying(VerificationPolicy.STRICT);
        thenVerified();
        assertThat(verified.name()).isEqualTo("signme-1");
        assertThat(verified.files()).containsExactly(new SignedFile("signme-1",
                "bc9a717db6064a32cbe9eae6fc40651dd6d36ef1757183f590eff2b1765d7ebc"));
    }

    @Test
    void aSingleSignedFileVerifiesBesideAModelJsonNamingIt() throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf("v1.0.0-elliptic-key");
        givenFile("model.json", "{\"name\":\"signme\",\"version\":\"1.0.0\",\"format\":\"onnx\",\"file\":\"signme-1\"}");
        whenVerifying(VerificationPolicy.STRICT);
        thenVerified();
    }

    @Test
    void aModelJsonNamingAnUnsignedFileIsRefusedWhateverThePolicy() throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf("v1.0.0-elliptic-key");
        givenFile("model.json", "{\"name\":\"signme\",\"version\":\"1.0.0\",\"format\":\"onnx\",\"file\":\"evil.onnx\"}");
        givenFile("evil.onnx", "weights");
        whenVerifying(new VerificationPolicy(List.of("evil.onnx")));
        thenRefusedAs(SignatureProblem.EXTRA_FILE, "evil.onnx");
        assertThat(refusal.getMessage()).contains("must always be signed");
    }

    @Test
    void anotherFileBesideASingleSignedFileIsRefusedNamingThePolicy() throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf("v1.0.0-elliptic-key");
        givenFile("weights.bin", "more");
        whenVerifying(VerificationPolicy.STRICT);
        thenRefusedAs(SignatureProblem.EXTRA_FILE, "weights.bin");
        assertThat(refusal.getMessage()).contains("covers the single file 'signme-1' only")
                .contains("allowUnsigned=[\"weights.bin\"] of PID org.modelgate.security.trust");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.1.0-elliptic-key", "v1.1.0-certificate"})
    void anIgnoredFileIsRefusedUnlessThePolicyAllowsIt(String vector) throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf(vector);
        whenVerifying(VerificationPolicy.STRICT);
        thenRefusedAs(SignatureProblem.EXTRA_FILE, "ignore-me");
        assertThat(refusal.getMessage()).contains("the signer left ignore-me out with ignore_paths")
                .contains("allowUnsigned=[\"ignore-me\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.0.0-elliptic-key", "v1.1.0-elliptic-key", "v1.0.0-certificate", "v1.1.0-certificate"})
    void aChangedByteIsTampered(String vector) throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf(vector);
        byte[] bytes = Files.readAllBytes(folder.resolve("signme-1"));
        bytes[0] ^= 1;
        Files.write(folder.resolve("signme-1"), bytes);
        whenVerifying(DOCUMENTED);
        thenRefusedAs(SignatureProblem.TAMPERED_FILE, "signme-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.0.1-elliptic-key", "v1.1.0-elliptic-key", "v1.0.0-certificate", "v1.1.0-certificate"})
    void anAddedFileIsExtra(String vector) throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf(vector);
        givenFile("smuggled.py", "import os");
        whenVerifying(DOCUMENTED);
        thenRefusedAs(SignatureProblem.EXTRA_FILE, "smuggled.py");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.0.1-elliptic-key", "v1.1.0-elliptic-key", "v1.0.1-certificate", "v1.1.0-certificate"})
    void aRemovedFileIsMissing(String vector) throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf(vector);
        Files.delete(folder.resolve("signme-2"));
        whenVerifying(DOCUMENTED);
        thenRefusedAs(SignatureProblem.MISSING_FILE, "signme-2");
    }

    @Test
    void aCertificateSignatureIsRefusedUnderAnotherCa() throws Exception {
        givenTheVectorsTrustStore();
        Files.delete(trust.resolve("model-ca/model-transparency-root.pem"));
        Files.copy(Path.of("src/test/resources/certificates/root-ca.pem"), trust.resolve("model-ca/acme-root.pem"));
        givenACopyOf("v1.1.0-certificate");
        whenVerifying(DOCUMENTED);
        thenRefusedAs(SignatureProblem.UNTRUSTED_CERTIFICATE);
        assertThat(refusal.getMessage()).contains("'CN=root-ca'").contains("acme-root");
    }

    @Test
    void aCertificateSignatureIsRefusedOnceTheCertificateExpired() throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf("v1.1.0-certificate");
        refusal = catchThrowableOfType(() -> new ModelFolderVerifier(TrustStore.load(trust), DOCUMENTED,
                () -> Date.from(Instant.parse("2036-01-01T00:00:00Z"))).verify(folder), ModelSignatureException.class);
        thenRefusedAs(SignatureProblem.EXPIRED_CERTIFICATE);
        assertThat(refusal.getMessage()).contains("2035-04-30T23:36:28Z");
    }

    @Test
    void aCertificateRevokedBySerialNumberIsRefused() throws Exception {
        givenTheVectorsTrustStore();
        givenRevoked("serial:6E:53:46:E4:B0:6D:34:CF:97:83:86:AF:30:5F:25:AE:FF:0B:67:55");
        givenACopyOf("v1.0.0-certificate");
        whenVerifying(DOCUMENTED);
        thenRefusedAs(SignatureProblem.REVOKED_CERTIFICATE);
        assertThat(refusal.getMessage()).contains("serial 6e5346e4b06d34cf978386af305f25aeff0b6755");
    }

    @Test
    void anIntermediateRevokedByFingerprintIsRefused() throws Exception {
        givenTheVectorsTrustStore();
        X509CertificateText intermediate = X509CertificateText.read(VECTORS.resolve("keys/int-ca-cert.pem"));
        givenRevoked(intermediate.fingerprint() + "  # the intermediate");
        givenACopyOf("v1.1.0-certificate");
        whenVerifying(DOCUMENTED);
        thenRefusedAs(SignatureProblem.REVOKED_CERTIFICATE);
        assertThat(refusal.getMessage()).contains("CN=intermediate-ca");
    }

    @Test
    void aRevokedCaRevokesEverythingItIssued() throws Exception {
        givenTheVectorsTrustStore();
        givenRevoked("model-transparency-root");
        givenACopyOf("v1.1.0-certificate");
        whenVerifying(DOCUMENTED);
        thenRefusedAs(SignatureProblem.REVOKED_CERTIFICATE);
        assertThat(TrustStore.load(trust).certificateAuthorities()).singleElement().matches(TrustedCa::revoked);
    }

    @Test
    void aSigstoreKeylessBundleIsRefusedSayingWhy() throws Exception {
        givenTheVectorsTrustStore();
        givenACopyOf("v1.1.0-sigstore");
        whenVerifying(DOCUMENTED);
        thenRefusedAs(SignatureProblem.UNSUPPORTED_FORMAT);
        assertThat(refusal.getMessage()).contains("Sigstore keyless").contains("transparency log")
                .contains("mgpack pack --cert --chain --key");
    }

    private void givenTheVectorsTrustStore() throws IOException {
        trust = base.resolve("trust");
        Files.createDirectories(trust.resolve("model-signer"));
        Files.createDirectories(trust.resolve("model-ca"));
        Files.copy(VECTORS.resolve("keys/signing-key-pub.openssl.pem"), trust.resolve("model-signer/model-transparency-test.pem"));
        Files.copy(VECTORS.resolve("keys/ca-cert.pem"), trust.resolve("model-ca/model-transparency-root.pem"));
    }

    private void givenRevoked(String line) throws IOException {
        Files.writeString(trust.resolve("revoked.txt"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void givenACopyOf(String vector) throws IOException {
        folder = base.resolve(vector);
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(VECTORS.resolve(vector))) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName().toString()));
            }
        }
    }

    private void givenFile(String name, String content) throws IOException {
        Files.writeString(folder.resolve(name), content);
    }

    private void whenVerifying(VerificationPolicy policy) throws Exception {
        TrustStore store = TrustStore.load(trust);
        try {
            verified = ModelSignatures.verifier(store, policy).verify(folder);
        } catch (ModelSignatureException e) {
            refusal = e;
        }
    }

    private void thenVerified() {
        assertThat(refusal).as("refusal").isNull();
        assertThat(verified).isNotNull();
    }

    private void thenRefusedAs(SignatureProblem problem, String... files) {
        assertThat(verified).as("verified").isNull();
        assertThat(refusal).as("refusal").isNotNull();
        assertThat(refusal.problem()).as(refusal.getMessage()).isEqualTo(problem);
        if (files.length > 0) {
            assertThat(refusal.files()).containsExactly(files);
        }
    }

    /** A PEM certificate and its fingerprint, read with the bundle's own reader. */
    record X509CertificateText(java.security.cert.X509Certificate certificate) {
        static X509CertificateText read(Path file) throws KeyFileException {
            return new X509CertificateText(Certificates.read(file).get(0));
        }

        String fingerprint() {
            return Certificates.fingerprint(certificate);
        }
    }
}
