package org.modelgate.rest.internal;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

import org.modelgate.oip.InferenceStatistics;
import org.modelgate.oip.OipCodec;
import org.modelgate.oip.TritonModelConfig;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Triton's statistics extension ({@code GET /v2/models/stats}, {@code /v2/models/{name}[/versions/{v}]/stats}) and
 * model configuration extension ({@code GET /v2/models/{name}[/versions/{v}]/config}), both made by the oip bundle
 * ({@link InferenceStatistics}, {@link TritonModelConfig}) so gRPC's ModelStatistics and ModelConfig answer alike.
 */
final class StatisticsEndpoints {
    private final Services services;
    private final Supplier<InferenceStatistics> statistics;

    StatisticsEndpoints(Services services, Supplier<InferenceStatistics> statistics) {
        this.services = services;
        this.statistics = statistics;
    }

    /** {@code {"model_stats": [...]}}: every model, or one model (404 unknown), or one version (404 unknown). */
    void stats(Route route, HttpServletResponse response) throws IOException {
        var entries = statistics.get().modelStats(services.registry(), route.model(), route.version());
        Replies.begin(response, 200);
        OipCodec.writeValue(Map.of("model_stats", entries), response.getOutputStream());
    }

    /** The model's configuration, Triton style (see {@link TritonModelConfig}). */
    void config(Route route, HttpServletResponse response) throws IOException {
        Map<String, Object> config = TritonModelConfig.of(services.registry(), route.model(), route.version());
        Replies.begin(response, 200);
        OipCodec.writeValue(config, response.getOutputStream());
    }
}
