package org.modelgate.monitor.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.drift.FeatureDrift;
import org.modelgate.monitor.drift.StatisticValue;
import org.modelgate.monitor.health.AccuracyWindow;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.Feedback;
import org.modelgate.monitor.health.FeedbackResult;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.LabelledWindow;
import org.modelgate.monitor.health.LatencyWindow;
import org.modelgate.monitor.health.ModelHealth;

/** Drift, accuracy, latency and alerts of the health monitor on /metrics. */
class HealthMetricsTest {
    @TempDir
    Path folder;

    @Test
    void driftAccuracyLatencyAndRaisedAlertsAreGauges() throws Exception {
        FeatureDrift petalLength = new FeatureDrift("petal_length", new StatisticValue("ks", 0.41, 0.0001), 0.05, true,
                0.6, "significant", 200, 0);
        FeatureDrift sepalWidth = new FeatureDrift("sepal_width", new StatisticValue("wasserstein", 0.02, Double.NaN), 0.1,
                false, 0.01, "none", 200, 2);
        DriftReport drift = new DriftReport(true, 200, List.of(petalLength, sepalWidth), Optional.empty(), Optional.empty(),
                0.5, true);
        Alert raised = new Alert("iris", "1.0.0", Alert.KIND_FEATURE_DRIFT, "petal_length", "ks", 0.0001, 0.05,
                "ks p-value 0.0001 < 0.05 over 200 rows", Alert.State.RAISED, Instant.EPOCH);
        HealthReport report = new HealthReport("iris", "1.0.0", Instant.EPOCH,
                new LatencyWindow(200, 0.2, 0.4, 0.9, 50, Double.NaN, Double.NaN, false), Optional.of(drift), null,
                new AccuracyWindow(60, 0.75, Map.of("setosa", 1.0), Double.NaN), List.of(raised), 0, 2,
                List.of("petal_length", "sepal_width"));
        PrometheusRegistry registry = new PrometheusRegistry();
        HealthMetrics metrics = new HealthMetrics();
        metrics.register(registry, () -> new FixedHealth(report, raised));

        String text = scrape(registry);

        assertThat(text).contains(
                "modelgate_drift_statistic{feature=\"petal_length\",model=\"iris\",statistic=\"ks\",version=\"1.0.0\"} 1.0E-4",
                "modelgate_drift_statistic{feature=\"sepal_width\",model=\"iris\",statistic=\"wasserstein\",version=\"1.0.0\"} 0.02",
                "modelgate_drift_detected{feature=\"petal_length\",model=\"iris\",version=\"1.0.0\"} 1.0",
                "modelgate_drift_detected{feature=\"sepal_width\",model=\"iris\",version=\"1.0.0\"} 0.0",
                "modelgate_drift_detected{feature=\"dataset\",model=\"iris\",version=\"1.0.0\"} 1.0",
                "modelgate_drift_share{model=\"iris\",version=\"1.0.0\"} 0.5",
                "modelgate_accuracy_ratio{model=\"iris\",version=\"1.0.0\"} 0.75",
                "modelgate_latency_p95_seconds{model=\"iris\",version=\"1.0.0\"} 4.0E-4",
                "modelgate_alert_raised{kind=\"feature-drift\",model=\"iris\",subject=\"petal_length\",version=\"1.0.0\"} 1.0");
        Promtool.assertValid(Files.writeString(folder.resolve("health.txt"), text));
    }

    @Test
    void withoutTheHealthServiceTheGaugesAreEmpty() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        new HealthMetrics().register(registry, () -> null);

        assertThat(scrape(registry)).doesNotContain("modelgate_drift_statistic{", "modelgate_alert_raised{");
    }

    private static String scrape(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A health service that reports one fixed window. */
    private record FixedHealth(HealthReport report, Alert alert) implements ModelHealth {
        @Override
        public List<HealthReport> reports() {
            return List.of(report);
        }

        @Override
        public Optional<HealthReport> report(String model) {
            return Optional.of(report);
        }

        @Override
        public FeedbackResult feedback(String model, String requestId, Feedback feedback) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Alert> alerts() {
            return List.of(alert);
        }

        @Override
        public List<Alert> alertLog() {
            return List.of(alert);
        }

        @Override
        public LabelledWindow labelled(String model) {
            throw new UnsupportedOperationException();
        }
    }
}
