package org.modelgate.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.SignatureProblem;
import org.modelgate.security.SignedFile;
import org.modelgate.security.SignedModelFixture;
import org.modelgate.security.SigningKey;
import org.modelgate.security.TestKeys;

/** Feature: a model.sig that is malformed, of another kind, or signed by the wrong key is refused. */
class BundleRefusalsTest {
    @TempDir
    Path base;

    private SignedModelFixture model;
    private ModelFolderSigner signer;
    private ModelSignatureException refusal;

    @BeforeEach
    void givenASignedModelFolder() throws Exception {
        model = SignedModelFixture.create(base).signed();
        signer = new ModelFolderSigner(model.signingKey);
    }

    @Test
    void notJsonIsMalformed() throws Exception {
        givenModelSig("this is not json");
        whenVerifying();
        thenRefusedAs(SignatureProblem.MALFORMED_BUNDLE);
    }

    @Test
    void truncatedJsonIsMalformed() throws Exception {
        String sig = Files.readString(model.folder.resolve("model.sig"));
        givenModelSig(sig.substring(0, sig.length() / 2));
        whenVerifying();
        thenRefusedAs(SignatureProblem.MALFORMED_BUNDLE);
    }

    @Test
    void aDuplicateKeyIsMalformedSoNoTwoParsersDisagree() throws Exception {
        String sig = Files.readString(model.folder.resolve("model.sig"));
        givenModelSig(sig.replaceFirst("\\{", "{\"mediaType\":\"x\","));
        whenVerifying();
        thenRefusedAs(SignatureProblem.MALFORMED_BUNDLE);
        assertThat(refusal.getMessage()).contains("mediaType");
    }

    @Test
    void aMissingEnvelopeFieldIsMalformedAndNamed() throws Exception {
        String sig = Files.readString(model.folder.resolve("model.sig"));
        givenModelSig(sig.replace("\"payloadType\"", "\"payloadKind\""));
        whenVerifying();
        thenRefusedAs(SignatureProblem.MALFORMED_BUNDLE);
        assertThat(refusal.getMessage()).contains("dsseEnvelope.payloadType").contains("missing");
    }

    @Test
    void badBase64IsMalformed() throws Exception {
        String sig = Files.readString(model.folder.resolve("model.sig"));
        givenModelSig(sig.replaceFirst("\"sig\" : \"", "\"sig\" : \"!!"));
        whenVerifying();
        thenRefusedAs(SignatureProblem.MALFORMED_BUNDLE);
        assertThat(refusal.getMessage()).contains("sig").contains("base64");
    }

    @Test
    void anotherBundleVersionIsUnsupported() throws Exception {
        String sig = Files.readString(model.folder.resolve("model.sig"));
        givenModelSig(sig.replace("bundle.v0.3+json", "bundle.v0.1+json"));
        whenVerifying();
        thenRefusedAs(SignatureProblem.UNSUPPORTED_FORMAT);
    }

    @Test
    void aKeylessCertificateBundleIsUnsupportedSayingWhy() throws Exception {
        givenModelSig("{\"mediaType\":\"" + SigstoreBundle.MEDIA_TYPE + "\",\"verificationMaterial\":"
                + "{\"certificate\":{\"rawBytes\":\"AAAA\"}},\"dsseEnvelope\":{}}");
        whenVerifying();
        thenRefusedAs(SignatureProblem.UNSUPPORTED_FORMAT);
        assertThat(refusal.getMessage()).contains("Sigstore keyless").contains("transparency log");
    }

    @Test
    void anotherPayloadTypeIsRefusedEvenWhenSigned() throws Exception {
        givenBundle(signer.signedBundle("application/json", statement(currentFiles()).toJson()));
        whenVerifying();
        thenRefusedAs(SignatureProblem.WRONG_PAYLOAD_TYPE);
        assertThat(refusal.getMessage()).contains("application/json");
    }

    @Test
    void anotherPredicateTypeIsRefusedEvenWhenSigned() throws Exception {
        String json = new String(statement(currentFiles()).toJson(), StandardCharsets.UTF_8)
                .replace(ModelStatement.PREDICATE_TYPE, "https://slsa.dev/provenance/v1");
        givenBundle(signer.signedBundle(json.getBytes(StandardCharsets.UTF_8)));
        whenVerifying();
        thenRefusedAs(SignatureProblem.WRONG_PREDICATE_TYPE);
        assertThat(refusal.getMessage()).contains("https://slsa.dev/provenance/v1");
    }

    @Test
    void thePre10PredicateIsRefusedWithAHint() throws Exception {
        String json = new String(statement(currentFiles()).toJson(), StandardCharsets.UTF_8)
                .replace(ModelStatement.PREDICATE_TYPE, ModelStatement.PREDICATE_TYPE_V01);
        givenBundle(signer.signedBundle(json.getBytes(StandardCharsets.UTF_8)));
        whenVerifying();
        thenRefusedAs(SignatureProblem.WRONG_PREDICATE_TYPE);
        assertThat(refusal.getMessage()).contains("re-sign");
    }

    @Test
    void shardedSerializationIsUnsupported() throws Exception {
        String json = new String(statement(currentFiles()).toJson(), StandardCharsets.UTF_8)
                .replace("\"files\"", "\"shards\"");
        givenBundle(signer.signedBundle(json.getBytes(StandardCharsets.UTF_8)));
        whenVerifying();
        thenRefusedAs(SignatureProblem.UNSUPPORTED_FORMAT);
    }

    @Test
    void aParentSegmentInAnEntryIsPathTraversal() throws Exception {
        givenSignedEntry("../../etc/passwd");
        whenVerifying();
        thenRefusedAs(SignatureProblem.PATH_TRAVERSAL);
        assertThat(refusal.files()).containsExactly("../../etc/passwd");
    }

    @Test
    void anAbsoluteEntryIsPathTraversal() throws Exception {
        givenSignedEntry("/etc/passwd");
        whenVerifying();
        thenRefusedAs(SignatureProblem.PATH_TRAVERSAL);
    }

    @Test
    void aDotSegmentOrBackslashEntryIsPathTraversal() throws Exception {
        for (String name : List.of("assets/./labels.txt", "assets\\..\\x", "a//b", "")) {
            givenSignedEntry(name);
            whenVerifying();
            thenRefusedAs(SignatureProblem.PATH_TRAVERSAL);
        }
    }

    @Test
    void anInconsistentRootDigestIsAMalformedStatement() throws Exception {
        ModelStatement honest = statement(currentFiles());
        ModelStatement lying = new ModelStatement(honest.name(), "0".repeat(64), honest.files());
        givenBundle(signer.signedBundle(lying.toJson()));
        whenVerifying();
        thenRefusedAs(SignatureProblem.MALFORMED_STATEMENT);
    }

    @Test
    void aStatementChangedAfterSigningIsABadSignature() throws Exception {
        SigstoreBundle honest = signer.signedBundle(statement(currentFiles()).toJson());
        byte[] changed = new String(honest.payload(), StandardCharsets.UTF_8).replace("\"iris\"", "\"irjs\"")
                .getBytes(StandardCharsets.UTF_8);
        givenBundle(new SigstoreBundle(honest.keyHint(), honest.payloadType(), changed, honest.signature()));
        whenVerifying();
        thenRefusedAs(SignatureProblem.BAD_SIGNATURE);
    }

    @Test
    void aSignatureByAnotherKeyUnderATrustedHintIsABadSignature() throws Exception {
        KeyPair other = TestKeys.generate("secp256r1");
        ModelFolderSigner impostor = new ModelFolderSigner(SigningKey.fromPemFile(TestKeys.writePrivate(other, base.resolve("x.pem"))));
        SigstoreBundle forged = impostor.signedBundle(statement(currentFiles()).toJson());
        givenBundle(new SigstoreBundle(model.signingKey.hint(), forged.payloadType(), forged.payload(), forged.signature()));
        whenVerifying();
        thenRefusedAs(SignatureProblem.BAD_SIGNATURE);
    }

    @Test
    void aKeyOutsideTheTrustStoreIsUnknown() throws Exception {
        KeyPair other = TestKeys.generate("secp256r1");
        new ModelFolderSigner(SigningKey.fromPemFile(TestKeys.writePrivate(other, base.resolve("x.pem")))).sign(model.folder);
        whenVerifying();
        thenRefusedAs(SignatureProblem.UNKNOWN_KEY);
        assertThat(refusal.getMessage()).contains("does not hold");
    }

    @Test
    void aBundleSignerKeyMayNotSignModels() throws Exception {
        Path trusted = model.trustDir.resolve("model-signer/acme-2026.pem");
        Files.createDirectories(model.trustDir.resolve("bundle-signer"));
        Files.move(trusted, model.trustDir.resolve("bundle-signer/acme-2026.pem"));
        whenVerifying();
        thenRefusedAs(SignatureProblem.UNKNOWN_KEY);
        assertThat(refusal.getMessage()).contains("bundle-signer");
    }

    @Test
    void aRevokedKeyIsRefused() throws Exception {
        Files.writeString(model.trustDir.resolve("revoked.txt"), "# leaked 2026-11-01\nacme-2026\n");
        whenVerifying();
        thenRefusedAs(SignatureProblem.REVOKED_KEY);
        assertThat(refusal.getMessage()).contains("acme-2026");
    }

    @Test
    void aBundleWithoutHintIsTriedAgainstEveryModelSignerKey() throws Exception {
        SigstoreBundle honest = signer.signedBundle(statement(currentFiles()).toJson());
        givenBundle(new SigstoreBundle(null, honest.payloadType(), honest.payload(), honest.signature()));
        assertThat(model.verifier().verify(model.folder).signer().id()).isEqualTo("acme-2026");
    }

    private List<SignedFile> currentFiles() throws Exception {
        List<SignedFile> files = new java.util.ArrayList<>();
        for (var e : ModelFolder.scan(model.folder).files().entrySet()) {
            files.add(new SignedFile(e.getKey(), Digests.sha256Hex(e.getValue())));
        }
        return files;
    }

    private static ModelStatement statement(List<SignedFile> files) {
        return ModelStatement.of("iris", files);
    }

    private void givenSignedEntry(String name) throws Exception {
        List<SignedFile> files = new java.util.ArrayList<>(currentFiles());
        files.add(new SignedFile(name, "ab".repeat(32)));
        givenBundle(signer.signedBundle(statement(files).toJson()));
    }

    private void givenBundle(SigstoreBundle bundle) throws Exception {
        Files.write(model.folder.resolve("model.sig"), BundleWriter.write(bundle));
    }

    private void givenModelSig(String text) throws Exception {
        Files.writeString(model.folder.resolve("model.sig"), text);
    }

    private void whenVerifying() throws Exception {
        refusal = model.refusal();
    }

    private void thenRefusedAs(SignatureProblem problem) {
        assertThat(refusal.problem()).as(refusal.getMessage()).isEqualTo(problem);
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
