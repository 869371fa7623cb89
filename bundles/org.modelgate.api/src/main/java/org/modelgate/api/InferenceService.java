package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs models by name: the one way applications on the gateway get predictions.
 *
 * <p>Requests go to the model's active version. Implementations are thread-safe and never block a
 * request on loading or monitoring: a model that is not ready answers at once with
 * {@link ModelUnavailableException}.
 *
 * <pre>{@code
 * @Reference InferenceService inference;
 *
 * InferenceResponse response = inference.infer("iris",
 *         InferenceRequest.of(Tensor.ofFloats("features", new long[] {1, 4}, 5.1f, 3.5f, 1.4f, 0.2f)));
 * float[] probabilities = response.output("probabilities").toFloatArray();
 * }</pre>
 */
@ProviderType
public interface InferenceService {
    /**
     * Runs the active version of a model.
     *
     * @param model the model name
     * @param request the inputs
     * @return the outputs, with the version that served them
     * @throws ModelNotFoundException when no model has that name
     * @throws ModelUnavailableException when the model is not ready (not loaded, loading, failed, or
     *         its backend is away)
     * @throws InvalidInputException when the inputs do not match what the model takes
     * @throws InferenceFailedException when the backend fails on valid inputs
     */
    InferenceResponse infer(String model, InferenceRequest request);

    /**
     * Runs a given version of a model, which must be the loaded one.
     *
     * @param model the model name
     * @param version the version; null means the active one
     * @param request the inputs
     * @return the outputs
     * @throws ModelUnavailableException when that version is not the one loaded
     */
    InferenceResponse infer(String model, String version, InferenceRequest request);
}
