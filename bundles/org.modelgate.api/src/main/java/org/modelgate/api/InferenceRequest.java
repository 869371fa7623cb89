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
 */
@ProviderType
public record InferenceRequest(String id, List<Tensor> inputs, Set<String> outputs) {
    /**
     * Creates a request, copying the collections.
     *
     * @param id the id, or null
     * @param inputs the inputs
     * @param outputs the requested outputs; empty for all
     */
    public InferenceRequest {
        inputs = List.copyOf(inputs);
        outputs = Set.copyOf(outputs);
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
