package org.modelgate.backend.onnxruntime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.accel.onnxruntime.session.OptimizationLevel;
import org.modelgate.api.DataType;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

import ai.onnxruntime.OrtEnvironment;

/** Loading, describing, closing and unloading models; what a user sees when a file is bad. */
class ModelLifecycleTest {
    @TempDir
    Path folder;

    private final OnnxRuntimeBackend backend = TestBackends.singleThreaded();
    private LoadedModel model;

    @AfterEach
    void unload() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void theBackendNamesItselfAndItsRuntime() {
        assertThat(backend.name()).isEqualTo("onnxruntime");
        assertThat(backend.formats()).containsExactly("onnx");
        assertThat(backend.version()).isEqualTo("1.23.2").isEqualTo(OrtEnvironment.getEnvironment().getVersion());
    }

    @Test
    void aCorruptFileIsAModelLoadErrorNamingTheFile() throws Exception {
        Path corrupt = Files.writeString(folder.resolve("corrupt-model.onnx"), "this is not an ONNX model\n");

        assertThatThrownBy(() -> backend.load(TestBackends.artifact("broken", corrupt)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'broken' 1.0.0")
                .hasMessageContaining(corrupt.toString())
                .hasMessageContaining("not a valid ONNX file");
        assertThat(backend.openModelCount()).isZero();
    }

    @Test
    void aTruncatedModelIsAModelLoadError() throws Exception {
        byte[] whole = Files.readAllBytes(OnnxGraphs.identity(folder.resolve("whole.onnx"), OnnxGraphs.FLOAT, 2L));
        Path truncated = Files.write(folder.resolve("truncated.onnx"), java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> backend.load(TestBackends.artifact("cut", truncated)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("truncated.onnx");
    }

    @Test
    void aMissingFileIsAModelLoadErrorNamingTheFile() {
        Path missing = folder.resolve("nowhere.onnx");

        assertThatThrownBy(() -> backend.load(TestBackends.artifact("gone", missing)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void anotherFormatIsRefused() throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L);

        assertThatThrownBy(() -> backend.load(new ModelArtifact("m", "1.0.0", "torchscript", file, Map.of())))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'torchscript'");
    }

    @Test
    void anInputModelgateCannotFeedIsAModelLoadError() throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve("uint16.onnx"), OnnxGraphs.UINT16, 2L);

        assertThatThrownBy(() -> backend.load(TestBackends.artifact("u16", file)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("input 'x'")
                .hasMessageContaining("uint16");
        assertThat(backend.openModelCount()).isZero();
    }

    @Test
    void anUnknownOptionIsAModelLoadErrorNamingTheValidOnes() throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L);

        assertThatThrownBy(() -> backend.load(TestBackends.artifact("m", file, Map.of("threads", "2"))))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'threads'")
                .hasMessageContaining("allowSpinning, interOpThreads, intraOpThreads, optimizationLevel");
    }

    @Test
    void modelOptionsAreApplied() throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L);

        model = backend.load(TestBackends.artifact("m", file, Map.of("intraOpThreads", "2", "interOpThreads", "1",
                "optimizationLevel", "basic", "allowSpinning", "false")));

        assertThat(model.run(List.of(Tensor.ofFloats("x", new long[] {2}, 1f, 2f)), Set.of()).get(0).toFloatArray())
                .containsExactly(1f, 2f);
    }

    @Test
    void afterCloseTheModelRefusesToRunAndTheSessionIsReleased() throws Exception {
        model = backend.load(TestBackends.artifact("m",
                OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L)));
        assertThat(backend.openModelCount()).isEqualTo(1);

        model.close();

        assertThat(backend.openModelCount()).isZero();
        assertThat(((OnnxModel) model).isClosed()).isTrue();
        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("x", new long[] {2}, 1f, 2f)), Set.of()))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("'m' 1.0.0");
        model.close(); // a second close is harmless
    }

    @Test
    void deactivatingTheBackendClosesTheModelsLeftOpen() throws Exception {
        LoadedModel first = backend.load(TestBackends.artifact("a",
                OnnxGraphs.identity(folder.resolve("a.onnx"), OnnxGraphs.FLOAT, 2L)));
        LoadedModel second = backend.load(TestBackends.artifact("b",
                OnnxGraphs.identity(folder.resolve("b.onnx"), OnnxGraphs.INT64, 1L)));

        backend.deactivate();

        assertThat(backend.openModelCount()).isZero();
        assertThatThrownBy(() -> first.run(List.of(Tensor.ofFloats("x", new long[] {2}, 1f, 2f)), Set.of()))
                .isInstanceOf(ModelUnavailableException.class);
        assertThatThrownBy(() -> second.run(List.of(Tensor.ofLongs("x", new long[] {1}, 1)), Set.of()))
                .isInstanceOf(ModelUnavailableException.class);
    }

    @Test
    void aNewConfigurationAppliesToModelsLoadedAfterwards() throws Exception {
        backend.modified(TestBackends.config(0, 0, OptimizationLevel.NONE, false));

        model = backend.load(TestBackends.artifact("m",
                OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L)));

        assertThat(model.inputs().get(0).dataType()).isEqualTo(DataType.FP32);
    }
}
