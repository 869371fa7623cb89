package org.modelgate.rest.internal;

import java.io.IOException;
import java.util.Map;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.oip.OipCodec;
import org.modelgate.oip.OipRequest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Per-model endpoints: metadata, readiness and inference, each optionally for one version.
 */
final class ModelEndpoints {
    /** Triton's binary tensor extension announces itself with this header. */
    static final String BINARY_HEADER = "Inference-Header-Content-Length";

    private final Services services;

    ModelEndpoints(Services services) {
        this.services = services;
    }

    void metadata(Route route, HttpServletResponse response) throws IOException {
        ModelInfo model = find(route);
        Replies.begin(response, 200);
        OipCodec.writeModelMetadata(model, response.getOutputStream());
    }

    /**
     * 200 when the model is READY (and, for a version, that version is the active one); 503 when it
     * is known but not ready; 404 (via the exception) when model or version is unknown.
     */
    void ready(Route route, HttpServletResponse response) throws IOException {
        ModelInfo model = find(route);
        String reason = notReadyReason(model, route.version());
        Replies.begin(response, reason == null ? 200 : ErrorStatus.UNAVAILABLE);
        OipCodec.writeReadiness(model.name(), reason == null, reason, response.getOutputStream());
    }

    /** Streams the body into the codec and the response from the codec; nothing logged, nothing copied. */
    void infer(Route route, HttpServletRequest request, HttpServletResponse response, long limit)
            throws IOException {
        if (request.getHeader(BINARY_HEADER) != null) {
            throw new InvalidInputException("binary tensor data (" + BINARY_HEADER
                    + ") is not supported; send the request as JSON");
        }
        InferenceService inference = services.inference();
        OipRequest read = Replies.inferRequest(request, limit);
        InferenceParameters asked = InferenceParameters.of(read.parameters());
        Explanations explanations = asked.any() ? services.explanations() : null;
        InferenceRequest inputs = read.request();
        String routeKey = InferenceParameters.routeKey(read.parameters());
        if (routeKey != null) {
            inputs = inputs.withRouteKey(routeKey);
        }
        InferenceResponse outputs = route.version() == null
                ? inference.infer(route.model(), inputs)
                : inference.infer(route.model(), route.version(), inputs);
        if (explanations == null) {
            Replies.begin(response, 200);
            OipCodec.writeResponse(outputs, response.getOutputStream());
            return;
        }
        Map<String, Object> parameters = explanations.parameters(route.model(), inputs, outputs, asked);
        Replies.begin(response, 200);
        OipCodec.writeResponse(outputs, parameters, response.getOutputStream());
    }

    /** {@code GET /v2/models/{name}/importance}: 404 unknown model, 409 no labelled rows, 503 no explain/health. */
    void importance(Route route, HttpServletResponse response) throws IOException {
        find(route);
        Map<String, Object> importance = services.explanations().importance(route.model());
        Replies.begin(response, 200);
        OipCodec.writeValue(importance, response.getOutputStream());
    }

    private ModelInfo find(Route route) {
        ModelInfo model = services.registry().model(route.model())
                .orElseThrow(() -> new ModelNotFoundException("model '" + route.model() + "' is not in the repository"));
        if (route.version() != null && !model.versions().contains(route.version())) {
            throw new ModelNotFoundException("model '" + model.name() + "' has no version '" + route.version()
                    + "'; its versions are " + String.join(", ", model.versions()));
        }
        return model;
    }

    private static String notReadyReason(ModelInfo model, String version) {
        if (!model.isReady()) {
            return "model '" + model.name() + "' is " + model.state()
                    + (model.reason() == null ? "" : ": " + model.reason());
        }
        if (version != null && !version.equals(model.version())) {
            return "version '" + version + "' of model '" + model.name() + "' is not the active one ("
                    + model.version() + ")";
        }
        return null;
    }
}
