package org.modelgate.rest.internal;

import java.util.Map;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;

/**
 * What the endpoints ask of the explain bundle, in plain JSON values, so that this bundle loads no explain class
 * unless it is there (the import is optional): {@link ExplainerBridge} is the one implementation, a service while the
 * {@code Explainer} runs.
 */
public interface Explanations {
    /**
     * The response-level parameters for the inference parameters asked for.
     *
     * @param model the model name
     * @param request the request as run
     * @param response its response
     * @param asked the parameters asked for
     * @return {@code "top_k"}, {@code "confidence"}, {@code "attribution"} as asked, in that order
     * @throws ParameterRefusedException when a parameter cannot be honoured (400 naming it, or 409)
     */
    Map<String, Object> parameters(String model, InferenceRequest request, InferenceResponse response,
            InferenceParameters asked);

    /**
     * {@code {"model","version","rows","repeats","features":[{"name","importance","std"}]}}.
     *
     * @param model the model name
     * @return the document
     * @throws ParameterRefusedException 409 without labelled rows, 503 without the health monitor
     */
    Map<String, Object> importance(String model);
}
