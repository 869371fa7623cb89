package org.modelgate.itests.support;

import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.Tensor;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * A batch for all-MiniLM-L6-v2 and the ways to send it: as Modelgate tensors, as OIP JSON, and straight
 * to a raw ONNX Runtime session for reference outputs.
 *
 * <p>Two sequences of 16 positions: {@code [CLS] ... [SEP]} with pseudo-random token ids below the
 * vocabulary size 30522, the second one padded (attention mask 0) after 11 tokens.
 */
public final class MiniLm {
    /** Vocabulary size: every token id is below it. */
    public static final int VOCABULARY = 30522;
    /** Batch size and sequence length. */
    public static final long[] SHAPE = {2, 16};
    /** The input names, in the model's order. */
    public static final List<String> INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");

    private static final int CLS = 101;
    private static final int SEP = 102;
    private static final int[] LENGTHS = {16, 11};

    private MiniLm() {
    }

    /**
     * The batch's values of one input.
     *
     * @param input one of {@link #INPUTS}
     * @return the values, row-major
     */
    public static long[] values(String input) {
        int rows = (int) SHAPE[0];
        int columns = (int) SHAPE[1];
        long[] values = new long[rows * columns];
        SplittableRandom random = new SplittableRandom(20251125);
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < LENGTHS[row]; column++) {
                int i = row * columns + column;
                switch (input) {
                    case "input_ids":
                        values[i] = column == 0 ? CLS : column == LENGTHS[row] - 1 ? SEP : random.nextInt(1000, VOCABULARY);
                        break;
                    case "attention_mask":
                        values[i] = 1;
                        break;
                    case "token_type_ids":
                        values[i] = 0;
                        break;
                    default:
                        throw new IllegalArgumentException("MiniLM has no input " + input);
                }
            }
        }
        return values;
    }

    /**
     * The batch as a Modelgate request.
     *
     * @return the request for all outputs
     */
    public static InferenceRequest request() {
        return InferenceRequest.of(INPUTS.stream().map(name -> Tensor.ofLongs(name, SHAPE, values(name)))
                .toArray(Tensor[]::new));
    }

    /**
     * The batch as an OIP inference request body, every input.
     *
     * @return the JSON
     */
    public static String oipRequest() {
        return oipRequest(INPUTS);
    }

    /**
     * The batch as an OIP inference request body with some of the inputs.
     *
     * @param inputs the inputs to include
     * @return the JSON
     */
    public static String oipRequest(List<String> inputs) {
        StringBuilder json = new StringBuilder("{\"id\": \"itest\", \"inputs\": [");
        for (int i = 0; i < inputs.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(oipInput(inputs.get(i), "INT64", SHAPE, values(inputs.get(i))));
        }
        return json.append("]}").toString();
    }

    /**
     * One OIP input object.
     *
     * @param name the name
     * @param datatype the OIP datatype
     * @param shape the shape
     * @param values the values, flat
     * @return the JSON object
     */
    public static String oipInput(String name, String datatype, long[] shape, long[] values) {
        return "{\"name\": \"" + name + "\", \"datatype\": \"" + datatype + "\", \"shape\": "
                + Arrays.toString(shape) + ", \"data\": " + Arrays.toString(values) + "}";
    }

    /**
     * Runs the batch on a fresh raw ONNX Runtime session with ONNX Runtime's own defaults (all graph
     * optimizations), the reference a gateway must match bit for bit.
     *
     * @param model the .onnx file
     * @return every output's values, by output name, in the model's order
     * @throws OrtException when ONNX Runtime fails
     */
    public static Map<String, Output> runRaw(Path model) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, Output> outputs = new LinkedHashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                try {
                    for (String name : INPUTS) {
                        feed.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(values(name)), SHAPE));
                    }
                    try (OrtSession.Result result = session.run(feed)) {
                        for (Map.Entry<String, OnnxValue> entry : result) {
                            OnnxTensor tensor = (OnnxTensor) entry.getValue();
                            java.nio.FloatBuffer buffer = tensor.getFloatBuffer();
                            float[] values = new float[buffer.remaining()];
                            buffer.get(values);
                            outputs.put(entry.getKey(), new Output(tensor.getInfo().getShape(), values));
                        }
                    }
                } finally {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
        }
        return outputs;
    }

    /**
     * A reference output.
     *
     * @param shape its shape
     * @param values its values, row-major
     */
    public record Output(long[] shape, float[] values) {
    }
}
