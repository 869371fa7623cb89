package org.modelgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Feature: committed signatures keep verifying (format stability). golden/model/model.sig was written
 * by this bundle's signer, golden/model-python/model.sig by an independent Python implementation
 * (src/test/golden-tools), both with the committed TEST key golden/test-signing-key.pem.
 */
class GoldenSignatureTest {
    private static final String ROOT_DIGEST = "599deb330bb742260898ed39ee8190c6b1aa38c4e98986742c07dd57ecd313c3";
    private static final String KEY_HINT = "b9ec52e97d0d2e8424e3bd088e13cc3a5fcbe07a90789bc827c49726df09c431";

    @Test
    void theJavaGoldenSignatureVerifies() throws Exception {
        VerifiedModel model = whenVerifying("model");
        thenItIsTheGoldenModel(model, "model");
    }

    @Test
    void thePythonGoldenSignatureVerifies() throws Exception {
        VerifiedModel model = whenVerifying("model-python");
        thenItIsTheGoldenModel(model, "model-python");
    }

    @Test
    void theKeyHintIsSha256OfThePemTextOpenSslWrote() throws Exception {
        byte[] pem = Files.readAllBytes(golden("trust/model-signer/golden-test.pem"));
        String opensslHint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pem));
        assertThat(opensslHint).isEqualTo(KEY_HINT);
        assertThat(SigningKey.fromPemFile(golden("test-signing-key.pem")).hint()).isEqualTo(KEY_HINT);
    }

    private static VerifiedModel whenVerifying(String folder) throws Exception {
        return ModelSignatures.verifier(TrustStore.load(golden("trust"))).verify(golden(folder));
    }

    private static void thenItIsTheGoldenModel(VerifiedModel model, String name) {
        assertThat(model.name()).isEqualTo(name);
        assertThat(model.digest()).isEqualTo(ROOT_DIGEST);
        assertThat(model.signer().id()).isEqualTo("golden-test");
        assertThat(model.signer().hint()).isEqualTo(KEY_HINT);
        assertThat(model.files()).extracting(SignedFile::path)
                .containsExactly("labels/classes.txt", "model.json", "model.onnx");
    }

    static Path golden(String relative) throws URISyntaxException {
        return Path.of(GoldenSignatureTest.class.getResource("/golden/" + relative).toURI());
    }
}
