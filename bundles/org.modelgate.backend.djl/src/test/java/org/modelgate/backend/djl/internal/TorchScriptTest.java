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
import org.modelgate.api.DataType;
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/**
 * A TorchScript model (src/test/resources/torchscript/classifier.pt, made by make_fixture.py next to it) runs on DJL's
 * PyTorch engine, its natives copied out of the pytorch-native-cpu jar into the cache folder, offline.
 */
class TorchScriptTest {
    /** The fixture's weights and bias, as in make_fixture.py. */
    static final float[][] WEIGHTS = {{0.5f, -1.0f, 0.25f, 2.0f}, {-0.75f, 0.5f, 1.5f, -0.5f}, {1.0f, 1.0f, -1.0f, 0.0f}};
    static final float[] BIAS = {0.1f, -0.2f, 0.3f};
    static final Map<String, String> SIGNATURE = Map.of("inputs", "x:FP32[batch,4]",
            "outputs", "probabilities:FP32[batch,3]; label:INT64[batch]");

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
    void theFixtureRunsAndGivesTheScriptsNumbers() throws Exception {
        model = backend.load(torchscript(SIGNATURE));
        float[] x = {1, 2, 3, 4, -1, 0.5f, 2, -3};

        List<Tensor> outputs = model.run(List.of(Tensor.ofFloats("x", new long[] {2, 4}, x)), Set.of());

        assertThat(model.inputs()).containsExactly(new TensorSpec("x", DataType.FP32, new long[] {-1, 4}));
        assertThat(outputs).extracting(Tensor::name).containsExactly("probabilities", "label");
        assertThat(outputs.get(0).shape()).containsExactly(2, 3);
        float[] expected = softmaxOfLinear(x);
        float[] actual = outputs.get(0).toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("probability %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6f));
        }
        assertThat(outputs.get(1).dataType()).isEqualTo(DataType.INT64);
        assertThat(outputs.get(1).toLongArray()).containsExactly(argmax(expected, 0), argmax(expected, 1));
    }

    @Test
    void oneOutputCanBeAskedFor() throws Exception {
        model = backend.load(torchscript(SIGNATURE));

        List<Tensor> outputs = model.run(List.of(Tensor.ofFloats("x", new long[] {1, 4}, 1, 2, 3, 4)), Set.of("label"));

        assertThat(outputs).extracting(Tensor::name).containsExactly("label");
        assertThat(outputs.get(0).toLongArray()).containsExactly(0);
    }

    @Test
    void aShapeTheModelCannotTakeIsAnInferenceFailureAndTheModelKeepsServing() throws Exception {
        model = backend.load(torchscript(Map.of("inputs", "x:FP32[-1,-1]", "outputs", SIGNATURE.get("outputs"))));

        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("x", new long[] {1, 3}, 1, 2, 3)), Set.of()))
                .isInstanceOf(InferenceFailedException.class).hasMessageContaining("'classifier' 1.0.0");
        assertThat(model.run(List.of(Tensor.ofFloats("x", new long[] {1, 4}, 1, 2, 3, 4)), Set.of())).hasSize(2);
    }

    @Test
    void moreDeclaredOutputsThanTheModelGivesIsAnInferenceFailure() throws Exception {
        model = backend.load(torchscript(Map.of("inputs", "x:FP32[-1,4]", "outputs", "p:FP32[-1,3];l:INT64[-1];z:FP32[-1]")));

        assertThatThrownBy(() -> model.run(List.of(Tensor.ofFloats("x", new long[] {1, 4}, 1, 2, 3, 4)), Set.of()))
                .isInstanceOf(InferenceFailedException.class).hasMessageContaining("returned 2 tensor(s)")
                .hasMessageContaining("declares 3");
    }

    @Test
    void aSignatureIsRequired() {
        assertThatThrownBy(() -> backend.load(torchscript(Map.of()))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("declares its inputs").hasMessageContaining("x:FP32[-1,4]");
    }

    @Test
    void aMalformedSignatureIsAModelLoadError() {
        assertThatThrownBy(() -> backend.load(torchscript(Map.of("inputs", "x FP32 4", "outputs", "y:FP32[1]"))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("expected NAME:TYPE[DIM,...]");
        assertThatThrownBy(() -> backend.load(torchscript(Map.of("inputs", "x:BYTES[1]", "outputs", "y:FP32[1]"))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("does not carry BYTES");
        assertThatThrownBy(() -> backend.load(torchscript(Map.of("inputs", "x:FP32[1]", "outputs", "y:FP32[1]",
                "intraOpThreads", "1")))).isInstanceOf(ModelLoadException.class).hasMessageContaining("valid options are inputs, outputs");
    }

    @Test
    void namedDimensionsMustAgree() throws Exception {
        model = backend.load(torchscript(SIGNATURE));
        LoadedModel twoInputs = backend.load(torchscript(Map.of("inputs", "x:FP32[n,4];y:FP32[n,4]", "outputs", "p:FP32[n,3]")));
        try {
            assertThatThrownBy(() -> twoInputs.run(List.of(Tensor.ofFloats("x", new long[] {1, 4}, 1, 2, 3, 4),
                    Tensor.ofFloats("y", new long[] {2, 4}, new float[8])), Set.of()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("must agree on dimension 'n'");
        } finally {
            twoInputs.close();
        }
    }

    @Test
    void aFileThatIsNotTorchScriptIsAModelLoadError() throws Exception {
        Path file = Files.writeString(folder.resolve("model.pt"), "not a zip\n");

        assertThatThrownBy(() -> backend.load(new ModelArtifact("bad", "1.0.0", "torchscript", file, SIGNATURE)))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("'bad' 1.0.0")
                .hasMessageContaining("not a TorchScript file");
    }

    private static ModelArtifact torchscript(Map<String, String> options) throws Exception {
        return new ModelArtifact("classifier", "1.0.0", "torchscript", TestBackends.extract("torchscript/classifier.pt"),
                options);
    }

    static float[] softmaxOfLinear(float[] x) {
        int rows = x.length / 4;
        float[] out = new float[rows * 3];
        for (int r = 0; r < rows; r++) {
            double[] z = new double[3];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                z[c] = BIAS[c];
                for (int k = 0; k < 4; k++) {
                    z[c] += WEIGHTS[c][k] * x[r * 4 + k];
                }
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(z[c] - max);
            }
            for (int c = 0; c < 3; c++) {
                out[r * 3 + c] = (float) (Math.exp(z[c] - max) / sum);
            }
        }
        return out;
    }

    static long argmax(float[] probabilities, int row) {
        int best = 0;
        for (int c = 1; c < 3; c++) {
            if (probabilities[row * 3 + c] > probabilities[row * 3 + best]) {
                best = c;
            }
        }
        return best;
    }
}
