package org.modelgate.oip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.modelgate.api.InferenceRequest;

/**
 * An inference request with its request-level {@code "parameters"} object, as plain JSON values (strings,
 * booleans, {@code Long} or {@code Double} numbers, null, lists and maps in document order), and the outputs'
 * {@code "binary_data"} choices of Triton's binary tensor data extension.
 *
 * <pre>{@code
 * OipRequest read = OipCodec.readInferRequest(body);
 * Object topK = read.parameters().get("top_k");   // a Long for {"parameters": {"top_k": 3}}
 * boolean raw = read.binaryOutput("logits");      // {"outputs": [{"name": "logits", "parameters": {"binary_data": true}}]}
 * }</pre>
 *
 * @param request the inference request
 * @param parameters the request's parameters, empty when it has none
 * @param binaryOutputs the outputs' {@code "parameters": {"binary_data": ...}}, by output name; empty when none says
 * @since 1.2
 */
public record OipRequest(InferenceRequest request, Map<String, Object> parameters, Map<String, Boolean> binaryOutputs) {
    /** Triton's request-level parameter: every output as binary data unless the output says otherwise. */
    public static final String BINARY_DATA_OUTPUT = "binary_data_output";

    /**
     * Copies the parameters (order kept).
     */
    public OipRequest {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        binaryOutputs = Map.copyOf(binaryOutputs);
    }

    /**
     * A request whose outputs all come back as JSON unless {@code binary_data_output} says otherwise.
     *
     * @param request the inference request
     * @param parameters the request's parameters
     */
    public OipRequest(InferenceRequest request, Map<String, Object> parameters) {
        this(request, parameters, Map.of());
    }

    /**
     * Whether an output goes back as binary data: its own {@code "binary_data"}, else the request's
     * {@code "binary_data_output"}, else not.
     *
     * @param output the output name
     * @return true for raw bytes after the JSON header, false for JSON data
     * @since 1.2
     */
    public boolean binaryOutput(String output) {
        Boolean own = binaryOutputs.get(output);
        return own != null ? own : Boolean.TRUE.equals(parameters.get(BINARY_DATA_OUTPUT));
    }

    /**
     * Whether any output may go back as binary data, so the response takes the binary form.
     *
     * @return true when {@code binary_data_output} is true or an output asks for {@code "binary_data": true}
     * @since 1.2
     */
    public boolean asksBinaryOutputs() {
        return Boolean.TRUE.equals(parameters.get(BINARY_DATA_OUTPUT)) || binaryOutputs.containsValue(Boolean.TRUE);
    }
}
