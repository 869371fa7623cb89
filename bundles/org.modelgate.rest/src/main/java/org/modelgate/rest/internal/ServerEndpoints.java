package org.modelgate.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.SafeMode;
import org.modelgate.oip.OipCodec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Server metadata and health: {@code GET /v2}, {@code /v2/health/live}, {@code /v2/health/ready} (as OIP has them),
 * and {@code /v2/health}: both, and whether the gateway is in safe mode, in one document.
 */
final class ServerEndpoints {
    /** The protocol extensions served, as Triton names them. */
    static final List<String> EXTENSIONS = List.of("binary_tensor_data", "statistics", "model_configuration",
            "model_repository");
    private static final JsonFactory JSON = new JsonFactory();

    private final Services services;
    private final String version;

    ServerEndpoints(Services services, String version) {
        this.services = services;
        this.version = version;
    }

    void metadata(HttpServletResponse response) throws IOException {
        Replies.begin(response, 200);
        OipCodec.writeServerMetadata(version, EXTENSIONS, response.getOutputStream());
    }

    /** 200 as long as the servlet answers at all. */
    void live(HttpServletResponse response) throws IOException {
        Replies.begin(response, 200);
        OipCodec.writeLiveness(response.getOutputStream());
    }

    /**
     * 200 with {@code {"live": true, "ready": ..., "reason": ..., "safe_mode": {...}}}: {@code safe_mode.statement}
     * says {@code safe mode: off}, or why the gateway is in safe mode, which models it holds back and how to leave it.
     */
    void health(HttpServletResponse response) throws IOException {
        String notReady = notReadyReason();
        ModelRegistry registry = services.registryOrNull();
        SafeMode safeMode = registry == null ? SafeMode.OFF : registry.safeMode();
        Replies.begin(response, 200);
        try (JsonGenerator json = JSON.createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            json.writeBooleanField("live", true);
            json.writeBooleanField("ready", notReady == null);
            if (notReady != null) {
                json.writeStringField("reason", notReady);
            }
            json.writeObjectFieldStart("safe_mode");
            json.writeBooleanField("active", safeMode.active());
            json.writeStringField("statement", safeMode.statement());
            if (safeMode.active()) {
                json.writeStringField("since", String.valueOf(safeMode.since()));
                json.writeNumberField("unclean_ends", safeMode.uncleanEnds());
                json.writeNumberField("window_seconds", safeMode.windowSeconds());
                json.writeStringField("cause", safeMode.cause());
                json.writeObjectFieldStart("withheld");
                for (Map.Entry<String, String> model : safeMode.withheld().entrySet()) {
                    json.writeStringField(model.getKey(), model.getValue());
                }
                json.writeEndObject();
                json.writeStringField("leave", SafeMode.HOW_TO_LEAVE);
            }
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    /** 200 when the inference service is present and no model is LOADING, else 503 saying why. */
    void ready(HttpServletResponse response) throws IOException {
        String reason = notReadyReason();
        Replies.begin(response, reason == null ? 200 : ErrorStatus.UNAVAILABLE);
        OipCodec.writeReadiness(null, reason == null, reason, response.getOutputStream());
    }

    private String notReadyReason() {
        if (!services.hasInference()) {
            return new ServiceMissingException("the inference service").getMessage();
        }
        ModelRegistry registry = services.registryOrNull();
        if (registry == null) {
            return null;
        }
        List<ModelInfo> models = registry.models();
        String loading = models.stream().filter(m -> m.state() == ModelState.LOADING).map(ModelInfo::name)
                .collect(Collectors.joining(", "));
        return loading.isEmpty() ? null : "models still loading: " + loading;
    }
}
