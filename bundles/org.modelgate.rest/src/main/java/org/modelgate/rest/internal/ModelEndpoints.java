package org.modelgate.rest.internal;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

import org.modelgate.api.ChallengerInfo;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.oip.BinaryResponse;
import org.modelgate.oip.InferenceStatistics;
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
    /** The content type of binary requests and responses. */
    static final String BINARY_CONTENT_TYPE = "application/octet-stream";

    private final Services services;
    private final Supplier<InferenceStatistics> statistics;

    ModelEndpoints(Services services, Supplier<InferenceStatistics> statistics) {
        this.services = services;
        this.statistics = statistics;
    }

    void metadata(Route route, HttpServletResponse response) throws IOException {
        ModelInfo model = find(route);
        Replies.begin(response, 200);
        OipCodec.writeModelMetadata(model, response.getOutputStream());
    }

    /**
     * 200 when the model is READY (and, for a version, that version is loaded: the active one, or the challenger of
     * a traffic policy); 503 when it is known but not ready; 404 (via the exception) when model or version is unknown.
     */
    void ready(Route route, HttpServletResponse response) throws IOException {
        ModelInfo model = find(route);
        String reason = notReadyReason(model, route.version(), challengerOf(model.name()));
        Replies.begin(response, reason == null ? 200 : ErrorStatus.UNAVAILABLE);
        OipCodec.writeReadiness(model.name(), reason == null, reason, response.getOutputStream());
    }

    /**
     * Streams a JSON body into the codec and the response from the codec, or reads a binary body (Triton's binary
     * tensor data extension) into one buffer whose slices are the inputs; counts the request in the statistics.
     * Nothing logged.
     */
    void infer(Route route, HttpServletRequest request, HttpServletResponse response, long limit)
            throws IOException {
        long start = System.nanoTime();
        try {
            serve(route, request, response, limit, start);
        } catch (RuntimeException | IOException e) {
            countFailure(route, System.nanoTime() - start);
            throw e;
        }
    }

    private void serve(Route route, HttpServletRequest request, HttpServletResponse response, long limit, long start)
            throws IOException {
        InferenceService inference = services.inference();
        String binaryHeader = request.getHeader(BINARY_HEADER);
        OipRequest read = binaryHeader == null ? Replies.inferRequest(request, limit)
                : Replies.binaryInferRequest(request, limit, binaryHeader);
        if (route.version() != null && services.registryOrNull() != null) {
            find(route); // an unknown version is 404 naming it; a known one that is not loaded, 503 from the core
        }
        InferenceParameters asked = InferenceParameters.of(read.parameters());
        InferenceParameters.binaryDataOutput(read.parameters());
        Explanations explanations = asked.any() ? services.explanations() : null;
        InferenceRequest inputs = read.request();
        String routeKey = InferenceParameters.routeKey(read.parameters());
        if (routeKey != null) {
            inputs = inputs.withRouteKey(routeKey);
        }
        long decoded = System.nanoTime();
        InferenceResponse outputs = route.version() == null
                ? inference.infer(route.model(), inputs)
                : inference.infer(route.model(), route.version(), inputs);
        Map<String, Object> parameters = explanations == null ? Map.of()
                : explanations.parameters(route.model(), inputs, outputs, asked);
        long inferred = System.nanoTime();
        if (read.asksBinaryOutputs()) {
            BinaryResponse body = OipCodec.binaryResponse(outputs, parameters, read::binaryOutput);
            response.setStatus(200);
            response.setContentType(BINARY_CONTENT_TYPE);
            response.setHeader(BINARY_HEADER, String.valueOf(body.headerLength()));
            response.setContentLengthLong(body.contentLength());
            body.writeTo(response.getOutputStream());
        } else {
            Replies.begin(response, 200);
            OipCodec.writeResponse(outputs, parameters, response.getOutputStream());
        }
        statistics.get().success(route.model(), outputs.version(), start, decoded, inferred, System.nanoTime());
    }

    /** Counts a failed request against the version it was for, when the registry knows that version. */
    private void countFailure(Route route, long nanos) {
        statistics.get().failure(services.registryOrNull(), route.model(), route.version(), nanos);
    }

    /** {@code GET /v2/models/{name}/importance}: 404 unknown model, 409 no labelled rows, 503 no explain/health. */
    void importance(Route route, HttpServletResponse response) throws IOException {
        find(route);
        Map<String, Object> importance = services.explanations().importance(route.model());
        Replies.begin(response, 200);
        OipCodec.writeValue(importance, response.getOutputStream());
    }

    /** The version a traffic policy runs beside the active one, or null. */
    String challengerOf(String model) {
        ModelRegistry registry = services.registryOrNull();
        return registry == null ? null : registry.challenger(model).map(ChallengerInfo::version).orElse(null);
    }

    ModelInfo find(Route route) {
        ModelInfo model = services.registry().model(route.model())
                .orElseThrow(() -> new ModelNotFoundException("model '" + route.model() + "' is not in the repository"));
        if (route.version() != null && !model.versions().contains(route.version())) {
            throw new ModelNotFoundException("model '" + model.name() + "' has no version '" + route.version()
                    + "'; its versions are " + String.join(", ", model.versions()));
        }
        return model;
    }

    private static String notReadyReason(ModelInfo model, String version, String challenger) {
        if (!model.isReady()) {
            return "model '" + model.name() + "' is " + model.state()
                    + (model.reason() == null ? "" : ": " + model.reason());
        }
        if (version != null && !version.equals(model.version()) && !version.equals(challenger)) {
            return "version '" + version + "' of model '" + model.name() + "' is not loaded: the active one is "
                    + model.version() + (challenger == null ? "" : " and the challenger " + challenger);
        }
        return null;
    }
}
