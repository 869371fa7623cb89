package org.modelgate.api;

import java.util.List;
import java.util.stream.Collectors;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The outputs of one inference and which model version computed them.
 *
 * @param model the model name
 * @param version the version that served the request
 * @param id the request id, or null
 * @param outputs the output tensors
 */
@ProviderType
public record InferenceResponse(String model, String version, String id, List<Tensor> outputs) {
    /**
     * Creates a response, copying the outputs.
     *
     * @param model the model
     * @param version the version
     * @param id the id, or null
     * @param outputs the outputs
     */
    public InferenceResponse {
        outputs = List.copyOf(outputs);
    }

    /**
     * The output of the given name.
     *
     * @param name the output name
     * @return the tensor
     * @throws IllegalArgumentException naming the outputs present when there is none of that name
     */
    public Tensor output(String name) {
        for (Tensor tensor : outputs) {
            if (tensor.name().equals(name)) {
                return tensor;
            }
        }
        throw new IllegalArgumentException("no output '" + name + "'; outputs are "
                + outputs.stream().map(Tensor::name).collect(Collectors.joining(", ")));
    }
}
