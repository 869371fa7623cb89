package org.modelgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature: a model file encrypted at rest is verified from its decrypted content in memory, the other files
 * from the disk, against the same signature the plain folder had.
 */
class InMemoryContentTest {
    @TempDir
    Path base;

    private SignedModelFixture model;
    private ByteBuffer plaintext;

    @BeforeEach
    void givenASignedFolderWhoseModelFileIsThenReplacedByCiphertext() throws Exception {
        model = SignedModelFixture.create(base).signed();
        byte[] bytes = Files.readAllBytes(model.folder.resolve("model.onnx"));
        plaintext = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        byte[] ciphertext = bytes.clone();
        for (int i = 0; i < ciphertext.length; i++) {
            ciphertext[i] ^= 0x5a;
        }
        Files.write(model.folder.resolve("model.onnx"), ciphertext);
    }

    @Test
    void theDecryptedContentVerifiesAndIsLeftUnmoved() throws Exception {
        VerifiedModel verified = model.verifier().verify(model.folder, Map.of("model.onnx", plaintext));

        assertThat(verified.signer().id()).isEqualTo("acme-2026");
        assertThat(plaintext.position()).isZero();
        assertThat(plaintext.remaining()).isEqualTo(200_000);
    }

    @Test
    void fromTheDiskAloneTheCiphertextIsATamperedFile() throws Exception {
        ModelSignatureException refusal = model.refusal();

        assertThat(refusal.problem()).isEqualTo(SignatureProblem.TAMPERED_FILE);
        assertThat(refusal.files()).containsExactly("model.onnx");
    }

    @Test
    void otherContentInMemoryIsATamperedFile() throws Exception {
        ByteBuffer changed = ByteBuffer.allocateDirect(plaintext.remaining()).put(plaintext.duplicate()).flip();
        changed.put(100, (byte) (changed.get(100) ^ 1));

        ModelSignatureException refusal = refusal(Map.of("model.onnx", changed));

        assertThat(refusal.problem()).isEqualTo(SignatureProblem.TAMPERED_FILE);
        assertThat(refusal.files()).containsExactly("model.onnx");
    }

    @Test
    void contentForAFileTheFolderDoesNotHoldIsRefused() throws Exception {
        ModelSignatureException refusal = refusal(Map.of("model.onnx", plaintext, "weights.bin", plaintext));

        assertThat(refusal.problem()).isEqualTo(SignatureProblem.MISSING_FILE);
        assertThat(refusal.getMessage()).contains("given in memory but absent").contains("weights.bin");
    }

    @Test
    void aDiskFileChangedBesideTheDecryptedOneIsStillCaught() throws Exception {
        Files.writeString(model.folder.resolve("assets/labels.txt"), "cat\ndog\n");

        ModelSignatureException refusal = refusal(Map.of("model.onnx", plaintext));

        assertThat(refusal.problem()).isEqualTo(SignatureProblem.TAMPERED_FILE);
        assertThat(refusal.files()).containsExactly("assets/labels.txt");
    }

    private ModelSignatureException refusal(Map<String, ByteBuffer> contents) throws Exception {
        try {
            throw new AssertionError("expected a refusal, but verified " + model.verifier().verify(model.folder, contents));
        } catch (ModelSignatureException e) {
            return e;
        }
    }
}
