package org.modelgate.monitor.metrics.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.VersionEvent;

/**
 * What the model registry knows, read at each scrape: each model's state and its version events (swaps, trials,
 * rollbacks, crashes) from the version history.
 */
final class RegistryMetrics {
    private static final System.Logger LOG = System.getLogger(RegistryMetrics.class.getName());

    RegistryMetrics(PrometheusRegistry registry, Supplier<ModelRegistry> models) {
        GaugeWithCallback.builder().name("modelgate_model_state")
                .help("1 for each model in its current state (loading, ready, unavailable, ...), with the serving version")
                .labelNames("model", "version", "backend", "state").callback(callback -> {
                    ModelRegistry now = models.get();
                    if (now == null) {
                        return;
                    }
                    for (ModelInfo model : now.models()) {
                        callback.call(1, model.name(), nonNull(model.version()), nonNull(model.backend()),
                                model.state().name().toLowerCase());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("modelgate_inference_pending_requests")
                .help("Requests inside each model now (Triton: nv_inference_pending_request_count); requests run on"
                        + " their callers' threads, so this counts the ones running and the ones waiting for the model")
                .labelNames("model").callback(callback -> {
                    ModelRegistry now = models.get();
                    if (now == null) {
                        return;
                    }
                    for (ModelInfo model : now.models()) {
                        callback.call(now.requestsInFlight(model.name()), model.name());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("modelgate_model_version_events")
                .help("Events in each model's version history: committed counts swaps to a new version, trial the"
                        + " trials, rolled_back the rollbacks, crashed the crashes")
                .labelNames("model", "kind").callback(callback -> {
                    ModelRegistry now = models.get();
                    if (now == null) {
                        return;
                    }
                    for (ModelInfo model : now.models()) {
                        for (Map.Entry<VersionEvent.Kind, Integer> kind : eventCounts(now, model.name()).entrySet()) {
                            callback.call(kind.getValue(), model.name(), kind.getKey().name().toLowerCase());
                        }
                    }
                }).register(registry);
    }

    private static Map<VersionEvent.Kind, Integer> eventCounts(ModelRegistry registry, String model) {
        Map<VersionEvent.Kind, Integer> counts = new EnumMap<>(VersionEvent.Kind.class);
        for (VersionEvent.Kind kind : VersionEvent.Kind.values()) {
            counts.put(kind, 0);
        }
        try {
            for (VersionEvent event : registry.history(model)) {
                counts.merge(event.kind(), 1, Integer::sum);
            }
        } catch (RuntimeException e) { // a model removed between models() and history(): counted as none
            LOG.log(System.Logger.Level.DEBUG, "no history of " + model + ": " + e.getMessage());
        }
        return counts;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
