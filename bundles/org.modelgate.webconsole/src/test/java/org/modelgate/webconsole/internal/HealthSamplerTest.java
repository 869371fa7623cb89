package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
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

/** The page's view of ModelHealth: samples build a history; features and alerts are read as they are now. */
class HealthSamplerTest {
    private static final Instant T0 = Instant.ofEpochSecond(1_800_000_000L);
    private final Monitor monitor = new Monitor();
    private final HealthSampler sampler = new HealthSampler();

    HealthSamplerTest() {
        sampler.health = monitor;
    }

    @Test
    void eachSampleAddsAccuracyAndDriftedShareToTheModelsHistory() {
        givenReport(T0, 0.5, drift(true, 0.25));
        whenSampled();
        givenReport(T0.plusSeconds(5), Double.NaN, drift(false, 0));
        whenSampled();

        HealthSource.HealthView view = sampler.view("iris");

        assertThat(view.history()).extracting(HealthSource.HealthPoint::epochSecond).containsExactly(T0.getEpochSecond(),
                T0.getEpochSecond() + 5);
        assertThat(view.history().get(0).accuracy()).isEqualTo(0.5);
        assertThat(view.history().get(0).driftShare()).isEqualTo(0.25);
        assertThat(view.history().get(1).accuracy()).as("no label feedback yet").isNaN();
        assertThat(view.history().get(1).driftShare()).as("a window not ready to judge").isNaN();
        assertThat(view.driftUnavailable()).isEqualTo("drift is judged once the window holds enough rows (3 so far)");
        assertThat(sampler.models()).containsExactly("iris");
    }

    @Test
    void featuresShowTheirDecidingStatisticAgainstItsThresholdAndAlertsAreCopied() {
        givenReport(T0, 1.0, drift(true, 0.5));
        Alert raised = new Alert("iris", "1.0.0", Alert.KIND_FEATURE_DRIFT, "petal_length", "ks", 0.001, 0.05, "p 0.001 < 0.05",
                Alert.State.RAISED, T0);
        monitor.alerts.add(raised);
        monitor.log.add(raised);

        HealthSource.HealthView view = sampler.view("iris");

        assertThat(view.version()).isEqualTo("1.0.0");
        assertThat(view.features()).containsExactly(
                new HealthSource.FeatureBar("petal_length", "ks p-value", 0.001, 0.05, true),
                new HealthSource.FeatureBar("sepal_width", "wasserstein", 0.02, 0.1, false));
        assertThat(view.alerts()).containsExactly(new HealthSource.AlertRow("iris", "1.0.0", "feature-drift", "petal_length", "ks",
                0.001, 0.05, "p 0.001 < 0.05", "RAISED", T0.getEpochSecond()));
        assertThat(view.alertLog()).hasSize(1);
        assertThat(sampler.view("unknown").history()).isEmpty();
        assertThat(sampler.view("unknown").features()).isEmpty();
    }

    @Test
    void aMonitorThatFailsPausesTheHistoryWithoutStoppingTheSampler() {
        monitor.failing = true;
        whenSampled();
        monitor.failing = false;
        givenReport(T0, 1.0, drift(true, 0));
        whenSampled();
        assertThat(sampler.view("iris").history()).hasSize(1);
    }

    private static DriftReport drift(boolean ready, double share) {
        if (!ready) {
            return new DriftReport(false, 3, List.of(), Optional.empty(), Optional.empty(), 0, false);
        }
        return new DriftReport(true, 200, List.of(
                new FeatureDrift("petal_length", new StatisticValue("ks", 0.4, 0.001), 0.05, true, 0.3, "significant", 200, 0),
                new FeatureDrift("sepal_width", new StatisticValue("wasserstein", 0.02, Double.NaN), 0.1, false, 0.01, "stable", 200, 0)),
                Optional.empty(), Optional.empty(), share, share >= 0.5);
    }

    private void givenReport(Instant at, double accuracy, DriftReport drift) {
        monitor.report = new HealthReport("iris", "1.0.0", at, new LatencyWindow(10, 1, 2, 3, 1, Double.NaN, Double.NaN, false),
                Optional.of(drift), null, new AccuracyWindow(Double.isNaN(accuracy) ? 0 : 4, accuracy, Map.of(), Double.NaN),
                List.of(), 0, 0, List.of("sepal_length", "sepal_width", "petal_length", "petal_width"));
    }

    private void whenSampled() {
        sampler.sample();
    }

    /** A health monitor with one model, as far as the page reads it. */
    private static final class Monitor implements ModelHealth {
        HealthReport report;
        boolean failing;
        final List<Alert> alerts = new ArrayList<>();
        final List<Alert> log = new ArrayList<>();

        @Override
        public List<HealthReport> reports() {
            if (failing) {
                throw new IllegalStateException("the monitor is stopping");
            }
            return report == null ? List.of() : List.of(report);
        }

        @Override
        public Optional<HealthReport> report(String model) {
            return report != null && report.model().equals(model) ? Optional.of(report) : Optional.empty();
        }

        @Override
        public FeedbackResult feedback(String model, String requestId, Feedback feedback) {
            throw new UnsupportedOperationException("the page sends no feedback");
        }

        @Override
        public List<Alert> alerts() {
            return List.copyOf(alerts);
        }

        @Override
        public List<Alert> alertLog() {
            return List.copyOf(log);
        }

        @Override
        public LabelledWindow labelled(String model) {
            throw new UnsupportedOperationException("the page reads no labelled window");
        }
    }
}
