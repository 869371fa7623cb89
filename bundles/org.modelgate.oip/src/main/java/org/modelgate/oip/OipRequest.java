package org.modelgate.oip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.modelgate.api.InferenceRequest;

/**
 * An inference request with its request-level {@code "parameters"} object, as plain JSON values (strings,
 * booleans, {@code Long} or {@code Double} numbers, null, lists and maps in document order).
 *
 * <pre>{@code
 * OipRequest read = OipCodec.readInferRequest(body);
 * Object topK = read.parameters().get("top_k");   // a Long for {"parameters": {"top_k": 3}}
 * }</pre>
 *
 * @param request the inference request
 * @param parameters the request's parameters, empty when it has none
 */
public record OipRequest(InferenceRequest request, Map<String, Object> parameters) {
    /**
     * Copies the parameters (order kept).
     */
    public OipRequest {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
