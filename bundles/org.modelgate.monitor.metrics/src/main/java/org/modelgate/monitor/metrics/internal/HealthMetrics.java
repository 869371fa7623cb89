package org.modelgate.monitor.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.modelgate.monitor.drift.FeatureDrift;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.ModelHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * What the health monitor (bundle org.modelgate.monitor.health) judges, read at each scrape: drift per feature and
 * per dataset, accuracy from feedback, the latency window's p95 and the alerts raised now.
 *
 * <p>A component of its own that needs the {@link ModelHealth} service: the bundle imports the health and drift
 * packages optionally, so /metrics works without the health feature and these gauges join it when it is there.
 */
@Component
public class HealthMetrics {
    @Reference
    ModelHealth health;
    @Reference
    InferenceMetrics metrics;
    private final List<Collector> registered = new ArrayList<>();

    @Activate
    void activate() {
        register(metrics.registry(), () -> health);
    }

    @Deactivate
    void deactivate() {
        registered.forEach(metrics.registry()::unregister);
        registered.clear();
    }

    void register(PrometheusRegistry registry, Supplier<ModelHealth> health) {
        add(GaugeWithCallback.builder().name("modelgate_drift_statistic")
                .help("Each input feature's drift statistic over the live window against the model's reference (the"
                        + " one that decides: ks p-value, wasserstein, psi, jensen_shannon, chi2 p-value)")
                .labelNames("model", "version", "feature", "statistic").callback(callback -> {
                    for (HealthReport report : reports(health)) {
                        report.drift().ifPresent(drift -> {
                            for (FeatureDrift feature : drift.features()) {
                                double value = feature.decidedBy().isTest() ? feature.decidedBy().pValue()
                                        : feature.decidedBy().value();
                                callback.call(value, report.model(), report.version(), feature.feature(),
                                        feature.decidedBy().statistic());
                            }
                        });
                    }
                }).build(), registry);
        add(GaugeWithCallback.builder().name("modelgate_drift_detected")
                .help("1 for an input feature (feature=dataset: the dataset verdict) that drifted over the live window, else 0")
                .labelNames("model", "version", "feature").callback(callback -> {
                    for (HealthReport report : reports(health)) {
                        report.drift().filter(d -> d.ready()).ifPresent(drift -> {
                            for (FeatureDrift feature : drift.features()) {
                                callback.call(feature.drifted() ? 1 : 0, report.model(), report.version(), feature.feature());
                            }
                            callback.call(drift.drifted() ? 1 : 0, report.model(), report.version(), "dataset");
                        });
                    }
                }).build(), registry);
        add(GaugeWithCallback.builder().name("modelgate_drift_share")
                .help("Share of the input features that drifted over the live window").labelNames("model", "version")
                .callback(callback -> {
                    for (HealthReport report : reports(health)) {
                        report.drift().filter(d -> d.ready())
                                .ifPresent(drift -> callback.call(drift.driftedShare(), report.model(), report.version()));
                    }
                }).build(), registry);
        add(GaugeWithCallback.builder().name("modelgate_accuracy_ratio")
                .help("Accuracy of the predictions that got label feedback, over the feedback window")
                .labelNames("model", "version").callback(callback -> {
                    for (HealthReport report : reports(health)) {
                        if (!Double.isNaN(report.accuracy().accuracy())) {
                            callback.call(report.accuracy().accuracy(), report.model(), report.version());
                        }
                    }
                }).build(), registry);
        add(GaugeWithCallback.builder().name("modelgate_latency_p95_seconds")
                .help("95th percentile of the request latency over the health monitor's window")
                .labelNames("model", "version").callback(callback -> {
                    for (HealthReport report : reports(health)) {
                        if (report.latency().count() > 0) {
                            callback.call(report.latency().p95Millis() / 1000, report.model(), report.version());
                        }
                    }
                }).build(), registry);
        add(GaugeWithCallback.builder().name("modelgate_alert_raised")
                .help("1 for each alert raised now (kind: drift, feature-drift, accuracy, latency)")
                .labelNames("model", "version", "kind", "subject").callback(callback -> {
                    ModelHealth now = health.get();
                    if (now != null) {
                        for (Alert alert : now.alerts()) {
                            callback.call(1, alert.model(), alert.version(), alert.kind(), alert.subject());
                        }
                    }
                }).build(), registry);
    }

    private void add(Collector gauge, PrometheusRegistry registry) {
        registry.register(gauge);
        registered.add(gauge);
    }

    private static List<HealthReport> reports(Supplier<ModelHealth> health) {
        ModelHealth now = health.get();
        return now == null ? List.of() : now.reports();
    }
}
