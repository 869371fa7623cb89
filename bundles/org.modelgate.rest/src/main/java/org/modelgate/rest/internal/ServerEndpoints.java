package org.modelgate.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.oip.OipCodec;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Server metadata and health: {@code GET /v2}, {@code /v2/health/live}, {@code /v2/health/ready}.
 */
final class ServerEndpoints {
    /** The protocol extensions served, as Triton names them. */
    static final List<String> EXTENSIONS = List.of("model_repository");

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
