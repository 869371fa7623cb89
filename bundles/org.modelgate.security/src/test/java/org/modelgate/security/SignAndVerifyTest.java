package org.modelgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HexFormat;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feature: a folder signed with a trusted key verifies, file by file. */
class SignAndVerifyTest {
    @TempDir
    Path base;

    private SignedModelFixture model;
    private VerifiedModel verified;

    @Test
    void aSignedFolderVerifiesWithEveryFileAndItsDigest() throws Exception {
        givenASignedModelFolder();
        whenVerifying();
        thenTheFilesAre("assets/deep/empty.bin", "assets/labels.txt", "model.json", "model.onnx");
        thenFileHasItsRealSha256("model.onnx");
        thenTheSignerIs("acme-2026");
        assertThat(verified.name()).isEqualTo("iris");
    }

    @Test
    void signingTwiceReplacesTheSignatureAndStillVerifies() throws Exception {
        givenASignedModelFolder();
        model.write("model.json", "{\"changed\":true}");
        model.signed();
        whenVerifying();
        thenTheSignerIs("acme-2026");
        assertThat(Files.exists(model.folder.resolve("model.sig.tmp"))).isFalse();
    }

    @Test
    void twoValidKeysAtOnceLetASignerRotate() throws Exception {
        givenASignedModelFolder();
        KeyPair next = TestKeys.generate("secp256r1");
        TestKeys.writePublic(next, model.trustDir.resolve("model-signer/acme-2027.pem"));
        whenVerifying();
        thenTheSignerIs("acme-2026");

        SigningKey nextKey = SigningKey.fromPemFile(TestKeys.writePrivate(next, base.resolve("keys/acme-2027.key.pem")));
        ModelSignatures.signer(nextKey).sign(model.folder);
        whenVerifying();
        thenTheSignerIs("acme-2027");
    }

    @Test
    void p384KeysSignAndVerifyToo() throws Exception {
        model = SignedModelFixture.create(base);
        KeyPair p384 = TestKeys.generate("secp384r1");
        TestKeys.writePublic(p384, model.trustDir.resolve("model-signer/big.pem"));
        ModelSignatures.signer(SigningKey.fromPemFile(TestKeys.writePrivate(p384, base.resolve("big.key.pem"))))
                .sign(model.folder);
        whenVerifying();
        thenTheSignerIs("big");
    }

    private void givenASignedModelFolder() throws Exception {
        model = SignedModelFixture.create(base).signed();
    }

    private void whenVerifying() throws Exception {
        verified = model.verifier().verify(model.folder);
    }

    private void thenTheFilesAre(String... paths) {
        assertThat(verified.files()).extracting(SignedFile::path).containsExactly(paths);
    }

    private void thenFileHasItsRealSha256(String path) throws Exception {
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model.folder.resolve(path))));
        assertThat(verified.files()).contains(new SignedFile(path, expected));
    }

    private void thenTheSignerIs(String id) {
        assertThat(verified.signer().id()).isEqualTo(id);
        assertThat(verified.signer().role()).isEqualTo(KeyRole.MODEL_SIGNER);
    }
}
