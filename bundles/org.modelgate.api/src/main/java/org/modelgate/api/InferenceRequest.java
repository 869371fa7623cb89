package org.modelgate.api;

import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The inputs of one inference and which outputs to return.
 *
 * <pre>{@code
 * InferenceRequest request = InferenceRequest.of(
 *         Tensor.ofFloats("features", new long[] {1, 4}, 5.1f, 3.5f, 1.4f, 0.2f));
 * }</pre>
 *
 * @param id an optional client id echoed in the response, or null
 * @param inputs the input tensors, one per model input
 * @param outputs names of the outputs to compute; empty for all
 * @param routeKey the request's route key (REST {@code parameters.route_key}), or null: while a sticky traffic policy
 *     runs on the model, a stable hash of this key decides whether the champion or the challenger answers, so one
 *     key always meets the same version; without a key the version is drawn at random
 * @since 1.11.0 ({@code routeKey})
 */
@ProviderType
public record InferenceRequest(String id, List<Tensor> inputs, Set<String> outputs, String routeKey) {
    /**
     * Creates a request, copying the collections.
     *
     * @param id the id, or null
     * @param inputs the inputs
     * @param outputs the requested outputs; empty for all
     * @param routeKey the route key, or null
     */
    public InferenceRequest {
        inputs = List.copyOf(inputs);
        outputs = Set.copyOf(outputs);
    }

    /**
     * Creates a request without a route key, copying the collections.
     *
     * @param id the id, or null
     * @param inputs the inputs
     * @param outputs the requested outputs; empty for all
     */
    public InferenceRequest(String id, List<Tensor> inputs, Set<String> outputs) {
        this(id, inputs, outputs, null);
    }

    /**
     * This request with a route key.
     *
     * @param key the route key, or null for none
     * @return a request like this one with that key
     */
    public InferenceRequest withRouteKey(String key) {
        return new InferenceRequest(id, inputs, outputs, key);
    }

    /**
     * A request for all outputs, without an id.
     *
     * @param inputs the inputs
     * @return the request
     */
    public static InferenceRequest of(Tensor... inputs) {
        return new InferenceRequest(null, List.of(inputs), Set.of());
    }
}
