package org.modelgate.backend.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
 * Through DJL's OnnxRuntime engine, all-MiniLM-L6-v2 int8 gives exactly what a raw ONNX Runtime session gives, bit
 * for bit: same library, same graph optimizations, same thread count.
 */
class MiniLmParityTest {
    private static final int VOCABULARY = 30522;
    private static final String[] INPUTS = {"input_ids", "attention_mask", "token_type_ids"};

    private final DjlBackend backend = TestBackends.singleThreaded();
    private LoadedModel model;
    private OrtSession raw;

    @AfterEach
    void close() throws Exception {
        if (model != null) {
            model.close();
        }
        if (raw != null) {
            raw.close();
        }
    }

    @Test
    void outputsAreBitIdenticalToARawSession() throws Exception {
        givenTheModelOnDjlAndInARawSession();

        for (int[] batchAndSequence : new int[][] {{2, 24}, {1, 1}, {3, 7}}) {
            Map<String, long[]> ids = tokens(batchAndSequence[0], batchAndSequence[1], 42);
            List<Tensor> outputs = model.run(tensors(ids, batchAndSequence), Set.of());
            thenBitIdentical(outputs, runRaw(ids, batchAndSequence));
        }
    }

    @Test
    void theSignatureIsReadFromTheModel() throws Exception {
        givenTheModelOnDjlAndInARawSession();

        assertThat(model.inputs()).extracting(TensorSpec::name).containsExactly(INPUTS);
        for (TensorSpec input : model.inputs()) {
            assertThat(input.dataType()).isEqualTo(DataType.INT64);
            assertThat(input.shape()).containsExactly(TensorSpec.DYNAMIC, TensorSpec.DYNAMIC);
        }
        assertThat(model.outputs()).isNotEmpty().allSatisfy(o -> assertThat(o.dataType()).isEqualTo(DataType.FP32));
    }

    @Test
    void onlyTheRequestedOutputComesBack() throws Exception {
        givenTheModelOnDjlAndInARawSession();
        String last = model.outputs().get(model.outputs().size() - 1).name();
        int[] shape = {1, 5};

        List<Tensor> outputs = model.run(tensors(tokens(1, 5, 3), shape), Set.of(last));

        assertThat(outputs).extracting(Tensor::name).containsExactly(last);
    }

    @Test
    void inputsDisagreeingOnANamedDimensionAreTheClientsError() throws Exception {
        givenTheModelOnDjlAndInARawSession();
        List<Tensor> inputs = List.of(Tensor.ofLongs("input_ids", new long[] {2, 8}, new long[16]),
                Tensor.ofLongs("attention_mask", new long[] {2, 16}, new long[32]),
                Tensor.ofLongs("token_type_ids", new long[] {2, 16}, new long[32]));

        assertThatThrownBy(() -> model.run(inputs, Set.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("inputs 'input_ids' and 'attention_mask' must agree on dimension")
                .hasMessageContaining("8 vs 16");
    }

    private void givenTheModelOnDjlAndInARawSession() throws Exception {
        Path file = TestBackends.extract("all-minilm-l6-v2-q.onnx");
        model = backend.load(TestBackends.onnx("minilm", file, Map.of("intraOpThreads", "1")));
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            raw = OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        }
    }

    private static Map<String, long[]> tokens(int batch, int sequence, long seed) {
        Random random = new Random(seed);
        Map<String, long[]> ids = new HashMap<>();
        long[] input = new long[batch * sequence];
        long[] mask = new long[batch * sequence];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < sequence; s++) {
                input[b * sequence + s] = s == 0 ? 101 : random.nextInt(VOCABULARY);
                mask[b * sequence + s] = s < sequence - b ? 1 : 0;
            }
        }
        ids.put("input_ids", input);
        ids.put("attention_mask", mask);
        ids.put("token_type_ids", new long[batch * sequence]);
        return ids;
    }

    private static List<Tensor> tensors(Map<String, long[]> ids, int[] shape) {
        List<Tensor> tensors = new ArrayList<>();
        // deliberately not in the model's order: the backend must feed by name
        for (String name : new String[] {"token_type_ids", "input_ids", "attention_mask"}) {
            tensors.add(Tensor.ofLongs(name, new long[] {shape[0], shape[1]}, ids.get(name)));
        }
        return tensors;
    }

    private Map<String, ByteBuffer> runRaw(Map<String, long[]> ids, int[] shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feed = new HashMap<>();
        Map<String, ByteBuffer> outputs = new HashMap<>();
        try {
            for (String name : INPUTS) {
                feed.put(name, OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ids.get(name)),
                        new long[] {shape[0], shape[1]}));
            }
            try (OrtSession.Result result = raw.run(feed)) {
                for (Map.Entry<String, OnnxValue> output : result) {
                    outputs.put(output.getKey(), ((OnnxTensor) output.getValue()).getByteBuffer());
                }
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
        return outputs;
    }

    private static void thenBitIdentical(List<Tensor> outputs, Map<String, ByteBuffer> raw) {
        assertThat(outputs).extracting(Tensor::name).containsExactlyInAnyOrderElementsOf(raw.keySet());
        for (Tensor output : outputs) {
            assertThat(output.buffer().remaining()).isPositive();
            assertThat(output.buffer()).as("bytes of %s", output.name()).isEqualTo(raw.get(output.name()));
        }
        double largest = 0;
        for (float value : outputs.get(0).toFloatArray()) {
            largest = Math.max(largest, Math.abs(value));
        }
        assertThat(largest).as("a real embedding, not zeros").isGreaterThan(0.01);
    }
}
