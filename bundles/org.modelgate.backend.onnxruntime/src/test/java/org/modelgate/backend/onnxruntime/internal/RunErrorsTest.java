package org.modelgate.backend.onnxruntime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;
import org.modelgate.spi.LoadedModel;

/** Run failures become the API's typed exceptions, and the model keeps serving afterwards. */
class RunErrorsTest {
    @TempDir
    Path folder;

    private final OnnxRuntimeBackend backend = TestBackends.singleThreaded();
    private LoadedModel model;

    @AfterEach
    void unload() {
        model.close();
    }

    @Test
    void aShapeTheModelRejectsIsInvalidInput() throws Exception {
        givenAModelTaking2Floats();

        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("x", new long[] {3}, 1f, 2f, 3f)), Set.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'fixed' 1.0.0");
        thenTheModelStillServes();
    }

    @Test
    void aWrongTypeIsInvalidInput() throws Exception {
        givenAModelTaking2Floats();

        assertThatThrownBy(() -> model.run(List.of(Tensor.ofLongs("x", new long[] {2}, 1, 2)), Set.of()))
                .isInstanceOf(InvalidInputException.class);
        thenTheModelStillServes();
    }

    @Test
    void anUnknownInputIsInvalidInputNamingTheModelsInputs() throws Exception {
        givenAModelTaking2Floats();

        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("pixels", new long[] {2}, 1f, 2f)), Set.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no input 'pixels'")
                .hasMessageContaining("x: FP32[2]");
    }

    @Test
    void aMissingInputIsInvalidInput() throws Exception {
        model = backend.load(TestBackends.artifact("reshape", OnnxGraphs.reshape(folder.resolve("reshape.onnx"))));

        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("data", new long[] {2}, 1f, 2f)), Set.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shape: INT64[2]");
    }

    @Test
    void anUnknownOutputIsInvalidInputNamingTheModelsOutputs() throws Exception {
        givenAModelTaking2Floats();

        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("x", new long[] {2}, 1f, 2f)), Set.of("z")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no output 'z'")
                .hasMessageContaining("[y]");
    }

    @Test
    void aFailureInsideAnOperatorIsAnInferenceFailure() throws Exception {
        model = backend.load(TestBackends.artifact("reshape", OnnxGraphs.reshape(folder.resolve("reshape.onnx"))));
        List<Tensor> inputs = List.of(Tensor.ofFloats("data", new long[] {6}, 1, 2, 3, 4, 5, 6),
                Tensor.ofLongs("shape", new long[] {2}, 4, 4));

        assertThatThrownBy(() -> model.run(inputs, Set.of()))
                .isInstanceOf(InferenceFailedException.class)
                .hasMessageContaining("'reshape' 1.0.0")
                .hasMessageContaining("Reshape");

        List<Tensor> fitting = List.of(inputs.get(0), Tensor.ofLongs("shape", new long[] {2}, 2, 3));
        assertThat(model.run(fitting, Set.of()).get(0).shape()).containsExactly(2, 3);
    }

    private void givenAModelTaking2Floats() throws Exception {
        model = backend.load(TestBackends.artifact("fixed",
                OnnxGraphs.identity(folder.resolve("fixed.onnx"), OnnxGraphs.FLOAT, 2L)));
    }

    private void thenTheModelStillServes() {
        assertThat(model.run(List.of(Tensor.ofFloats("x", new long[] {2}, 4f, 5f)), Set.of()).get(0).toFloatArray())
                .containsExactly(4f, 5f);
    }
}
