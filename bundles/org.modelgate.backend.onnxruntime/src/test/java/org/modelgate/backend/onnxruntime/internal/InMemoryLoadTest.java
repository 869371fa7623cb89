package org.modelgate.backend.onnxruntime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.Tensor;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/**
 * Feature: a model decrypted into memory (as the core hands over a model file encrypted at rest) loads from
 * those bytes, never from its file, runs exactly as the same model loaded from a file, and keeps running after
 * the bytes are overwritten, as the core does once the load returns.
 */
class InMemoryLoadTest {
    @TempDir
    Path folder;

    private final OnnxRuntimeBackend backend = TestBackends.singleThreaded();
    private LoadedModel fromFile;
    private LoadedModel fromMemory;

    @AfterEach
    void unload() {
        for (LoadedModel model : new LoadedModel[] { fromFile, fromMemory }) {
            if (model != null) {
                model.close();
            }
        }
    }

    @Test
    void miniLmFromADirectBufferRunsBitIdenticalToTheFileEvenAfterTheBufferIsWiped() throws Exception {
        Path file = MiniLmParityTest.extract("all-minilm-l6-v2-q.onnx");
        ByteBuffer decrypted = directCopyOf(file);
        Path ciphertextOnly = folder.resolve("model.onnx"); // the encrypted file: never read by the backend
        Files.write(ciphertextOnly, new byte[] { (byte) 0x89, 'M', 'G', 'E', 'N', 'C', '\r', '\n', 1 });

        assertThat(backend.loadsFromMemory()).isTrue();
        fromMemory = backend.load(new ModelArtifact("minilm", "1.0.0", "onnx", ciphertextOnly, Map.of("intraOpThreads", "1"),
                decrypted.asReadOnlyBuffer()));
        wipe(decrypted);
        fromFile = backend.load(TestBackends.artifact("minilm", file, Map.of("intraOpThreads", "1")));

        assertThat(fromMemory.inputs()).isEqualTo(fromFile.inputs());
        assertThat(fromMemory.outputs()).isEqualTo(fromFile.outputs());
        List<Tensor> inputs = tokens(2, 16, 11);
        List<Tensor> expected = fromFile.run(inputs, Set.of());
        List<Tensor> actual = fromMemory.run(inputs, Set.of());
        assertThat(actual).hasSameSizeAs(expected).isNotEmpty();
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).name()).isEqualTo(expected.get(i).name());
            assertThat(actual.get(i).buffer()).as("bytes of %s", expected.get(i).name()).isEqualTo(expected.get(i).buffer());
        }
    }

    @Test
    void aHeapBufferIsTakenToo() throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve("identity.onnx"), OnnxGraphs.FLOAT, 1L, 3L);
        ByteBuffer heap = ByteBuffer.wrap(Files.readAllBytes(file));

        fromMemory = backend.load(new ModelArtifact("identity", "1.0.0", "onnx", folder.resolve("absent.onnx"), Map.of(), heap));

        List<Tensor> out = fromMemory.run(List.of(Tensor.ofFloats("x", new long[] { 1, 3 }, new float[] { 1f, 2f, 3f })), Set.of());
        assertThat(out.get(0).toFloatArray()).containsExactly(1f, 2f, 3f);
    }

    @Test
    void bytesThatAreNoModelAreALoadErrorSayingTheyCameFromMemory() {
        ByteBuffer garbage = ByteBuffer.allocateDirect(64);
        garbage.put(new byte[64]).flip();
        Path file = folder.resolve("model.onnx");

        assertThatThrownBy(() -> backend.load(new ModelArtifact("broken", "1.0.0", "onnx", file, Map.of(), garbage)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("'broken' 1.0.0")
                .hasMessageContaining(file + " (decrypted in memory)");
        assertThatThrownBy(() -> backend.load(new ModelArtifact("empty", "1.0.0", "onnx", file, Map.of(), ByteBuffer.allocateDirect(0))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("decrypted in memory");
        assertThat(backend.openModelCount()).isZero();
    }

    private static ByteBuffer directCopyOf(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    private static void wipe(ByteBuffer buffer) {
        ByteBuffer all = buffer.duplicate().clear();
        while (all.hasRemaining()) {
            all.put((byte) 0);
        }
    }

    private static List<Tensor> tokens(int batch, int sequence, long seed) {
        Random random = new Random(seed);
        long[] ids = new long[batch * sequence];
        long[] mask = new long[batch * sequence];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % sequence == 0 ? 101 : random.nextInt(30522);
            mask[i] = 1;
        }
        long[] shape = { batch, sequence };
        return List.of(Tensor.ofLongs("input_ids", shape, ids), Tensor.ofLongs("attention_mask", shape, mask),
                Tensor.ofLongs("token_type_ids", shape, new long[ids.length]));
    }
}
