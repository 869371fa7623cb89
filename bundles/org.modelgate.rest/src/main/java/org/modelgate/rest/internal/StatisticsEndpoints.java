package org.modelgate.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.oip.OipCodec;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Triton's statistics extension ({@code GET /v2/models/stats}, {@code /v2/models/{name}[/versions/{v}]/stats}) and
 * model configuration extension ({@code GET /v2/models/{name}[/versions/{v}]/config}).
 */
final class StatisticsEndpoints {
    private final Services services;
    private final ModelEndpoints models;
    private final InferenceStatistics statistics;

    StatisticsEndpoints(Services services, ModelEndpoints models, InferenceStatistics statistics) {
        this.services = services;
        this.models = models;
        this.statistics = statistics;
    }

    /** {@code {"model_stats": [...]}}: every model, or one model (404 unknown), or one version (404 unknown). */
    void stats(Route route, HttpServletResponse response) throws IOException {
        List<Map<String, Object>> entries = new ArrayList<>();
        if (route.model() == null) {
            for (ModelInfo model : services.registry().models()) {
                entries.addAll(statistics.of(model.name(), loaded(model), null, services.registry().batchStatistics(model.name())));
            }
        } else {
            ModelInfo model = models.find(route);
            entries.addAll(statistics.of(model.name(), loaded(model), route.version(),
                    services.registry().batchStatistics(model.name())));
            if (entries.isEmpty()) { // a version installed that never served nor is loaded: zeros
                entries.addAll(statistics.of(model.name(), List.of(route.version()), route.version()));
            }
        }
        Replies.begin(response, 200);
        OipCodec.writeValue(Map.of("model_stats", entries), response.getOutputStream());
    }

    /** The model's configuration, Triton style (see {@link ModelConfigs}). */
    void config(Route route, HttpServletResponse response) throws IOException {
        ModelInfo model = models.find(route);
        ModelRegistry registry = services.registry();
        String version = route.version() == null ? model.version() : route.version();
        Map<String, Object> json = version == null ? Map.of() : registry.modelJson(model.name(), version).orElse(Map.of());
        if (json.isEmpty() && route.version() != null && !route.version().equals(model.version())) {
            throw new ModelNotFoundException("model '" + model.name() + "' has no model.json for version '" + route.version() + "'");
        }
        Replies.begin(response, 200);
        OipCodec.writeValue(ModelConfigs.of(model, json, models.challengerOf(model.name())), response.getOutputStream());
    }

    private List<String> loaded(ModelInfo model) {
        List<String> loaded = new ArrayList<>();
        if (model.version() != null && model.isReady()) {
            loaded.add(model.version());
        }
        String challenger = models.challengerOf(model.name());
        if (challenger != null && !loaded.contains(challenger)) {
            loaded.add(challenger);
        }
        return loaded;
    }
}
