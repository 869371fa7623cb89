package org.modelgate.backend.djl.internal;

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
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/** The onnxruntime backend's contract, kept by the djl backend: names, errors, closing. */
class ModelContractTest {
    @TempDir
    Path folder;

    private final DjlBackend backend = TestBackends.singleThreaded();
    private LoadedModel model;

    @AfterEach
    void unload() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void theBackendNamesItselfItsVersionAndFormats() {
        assertThat(backend.name()).isEqualTo("djl");
        assertThat(backend.version()).isEqualTo("0.36.0");
        assertThat(backend.formats()).as("the PyTorch engine is on the test class path").containsExactlyInAnyOrder("onnx",
                "torchscript");
    }

    @Test
    void anUnknownInputIsInvalidInputNamingTheModelsInputs() throws Exception {
        givenAModelTaking2Floats();

        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("pixels", new long[] {2}, 1f, 2f)), Set.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no input 'pixels'")
                .hasMessageContaining("x: FP32[2]");
        thenTheModelStillServes();
    }

    @Test
    void aMissingInputIsInvalidInput() throws Exception {
        model = backend.load(TestBackends.onnx("reshape", OnnxGraphs.reshape(folder.resolve("reshape.onnx"))));

        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("data", new long[] {2}, 1f, 2f)), Set.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("shape: INT64[2]");
    }

    @Test
    void anInputGivenTwiceIsInvalidInput() throws Exception {
        givenAModelTaking2Floats();
        Tensor x = Tensor.ofFloats("x", new long[] {2}, 1f, 2f);

        assertThatThrownBy(() -> model.run(List.of(x, x), Set.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("given twice");
    }

    @Test
    void aShapeOnnxRuntimeRejectsIsInvalidInput() throws Exception {
        givenAModelTaking2Floats();

        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("x", new long[] {3}, 1f, 2f, 3f)), Set.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'fixed' 1.0.0");
        thenTheModelStillServes();
    }

    @Test
    void anUnknownOutputIsInvalidInputNamingTheModelsOutputs() throws Exception {
        givenAModelTaking2Floats();

        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("x", new long[] {2}, 1f, 2f)), Set.of("z")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no output 'z'").hasMessageContaining("[y]");
    }

    @Test
    void aFailureInsideAnOperatorIsAnInferenceFailureAndTheModelKeepsServing() throws Exception {
        model = backend.load(TestBackends.onnx("reshape", OnnxGraphs.reshape(folder.resolve("reshape.onnx"))));
        Tensor data = Tensor.ofFloats("data", new long[] {6}, 1, 2, 3, 4, 5, 6);

        assertThatThrownBy(() -> model.run(List.of(data, Tensor.ofLongs("shape", new long[] {2}, 4, 4)), Set.of()))
                .isInstanceOf(InferenceFailedException.class).hasMessageContaining("'reshape' 1.0.0")
                .hasMessageContaining("Reshape");
        assertThat(model.run(List.of(data, Tensor.ofLongs("shape", new long[] {2}, 2, 3)), Set.of()).get(0).shape())
                .containsExactly(2, 3);
    }

    @Test
    void aCorruptFileIsAModelLoadErrorNamingTheFile() throws Exception {
        Path corrupt = Files.writeString(folder.resolve("corrupt.onnx"), "not a model\n");

        assertThatThrownBy(() -> backend.load(TestBackends.onnx("broken", corrupt))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'broken' 1.0.0").hasMessageContaining(corrupt.toString())
                .hasMessageContaining("not a valid ONNX file");
        assertThat(backend.openModelCount()).isZero();
    }

    @Test
    void aMissingFileIsAModelLoadError() {
        Path missing = folder.resolve("nowhere.onnx");

        assertThatThrownBy(() -> backend.load(TestBackends.onnx("gone", missing))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void aFormatNoEngineRunsIsRefusedNamingTheFormats() throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L);

        assertThatThrownBy(() -> backend.load(new ModelArtifact("m", "1.0.0", "tensorflow", file, Map.of())))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("'tensorflow'")
                .hasMessageContaining("[onnx, torchscript]");
    }

    @Test
    void anInt16InputIsAModelLoadErrorSayingWhoCanRunIt() throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve("int16.onnx"), OnnxGraphs.onnxType(org.modelgate.api.DataType.INT16), 2L);

        assertThatThrownBy(() -> backend.load(TestBackends.onnx("i16", file))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("input 'x'").hasMessageContaining("int16")
                .hasMessageContaining("onnxruntime backend runs this model");
        assertThat(backend.openModelCount()).isZero();
    }

    @Test
    void anOutputDjlCannotReturnIsAModelLoadError() throws Exception {
        Path file = OnnxGraphs.identityAndUint16(folder.resolve("two-outputs.onnx"));

        assertThatThrownBy(() -> backend.load(TestBackends.onnx("u16", file))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("output 'u'").hasMessageContaining("uint16");
    }

    @Test
    void anUnknownOptionIsAModelLoadErrorNamingTheValidOnes() throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L);

        assertThatThrownBy(() -> backend.load(TestBackends.onnx("m", file, Map.of("threads", "2"))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("'threads'")
                .hasMessageContaining("allowSpinning, interOpThreads, intraOpThreads, optimizationLevel");
    }

    @Test
    void theOnnxRuntimeBackendsOptionsApply() throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L);

        model = backend.load(TestBackends.onnx("m", file, Map.of("intraOpThreads", "2", "interOpThreads", "1",
                "optimizationLevel", "basic", "allowSpinning", "false")));

        assertThat(model.run(List.of(Tensor.ofFloats("x", new long[] {2}, 1f, 2f)), Set.of()).get(0).toFloatArray())
                .containsExactly(1f, 2f);
    }

    @Test
    void afterCloseTheModelRefusesToRunAndIsReleased() throws Exception {
        givenAModelTaking2Floats();
        assertThat(backend.openModelCount()).isEqualTo(1);

        model.close();

        assertThat(backend.openModelCount()).isZero();
        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("x", new long[] {2}, 1f, 2f)), Set.of()))
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("'fixed' 1.0.0");
        model.close();
    }

    @Test
    void deactivatingTheBackendClosesTheModelsLeftOpen() throws Exception {
        LoadedModel first = backend.load(TestBackends.onnx("a", OnnxGraphs.identity(folder.resolve("a.onnx"), OnnxGraphs.FLOAT, 2L)));
        LoadedModel second = backend.load(TestBackends.onnx("b", OnnxGraphs.identity(folder.resolve("b.onnx"), OnnxGraphs.INT64, 1L)));

        backend.deactivate();

        assertThat(backend.openModelCount()).isZero();
        assertThatThrownBy(() -> first.run(List.of(Tensor.ofFloats("x", new long[] {2}, 1f, 2f)), Set.of()))
                .isInstanceOf(ModelUnavailableException.class);
        assertThatThrownBy(() -> second.run(List.of(Tensor.ofLongs("x", new long[] {1}, 1)), Set.of()))
                .isInstanceOf(ModelUnavailableException.class);
    }

    private void givenAModelTaking2Floats() throws Exception {
        model = backend.load(TestBackends.onnx("fixed", OnnxGraphs.identity(folder.resolve("fixed.onnx"), OnnxGraphs.FLOAT, 2L)));
    }

    private void thenTheModelStillServes() {
        assertThat(model.run(List.of(Tensor.ofFloats("x", new long[] {2}, 4f, 5f)), Set.of()).get(0).toFloatArray())
                .containsExactly(4f, 5f);
    }
}
