package org.modelgate.remote.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.modelgate.monitor.health.AccuracyWindow;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.Feedback;
import org.modelgate.monitor.health.FeedbackResult;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.LabelledWindow;
import org.modelgate.monitor.health.LatencyWindow;
import org.modelgate.monitor.health.ModelHealth;
import org.modelgate.remote.CommandCall;

/** health: the monitor's reports as JSON (NaN as null, alerts, why drift is unavailable), or that it is not installed. */
class HealthCommandTest {
    private static final Instant AT = Instant.parse("2026-12-07T05:00:00Z");

    @Test
    void theReportsComeBackAsJson() {
        HealthReport report = new HealthReport("iris", "1.1.0", AT,
                new LatencyWindow(120, 0.4, 0.9, 1.5, 2.0, Double.NaN, 0.8, false), Optional.empty(),
                "no reference profile in model.json", new AccuracyWindow(0, Double.NaN, Map.of(), Double.NaN),
                List.of(new Alert("iris", "1.1.0", Alert.KIND_LATENCY, "p95", "p95_ms", 3.0, 1.2, "p95 tripled",
                        Alert.State.RAISED, AT)), 0, 0, List.of("a", "b"));
        HealthCommand command = new HealthCommand();
        ModelHealthReader reader = new ModelHealthReader();
        reader.monitor = new Reports(List.of(report));
        command.health = reader;

        Map<?, ?> answer = (Map<?, ?>) command.run(call(Map.of()));
        assertThat(answer.get("installed")).isEqualTo(true);
        Map<?, ?> iris = (Map<?, ?>) ((List<?>) answer.get("models")).get(0);
        assertThat(iris.get("version")).isEqualTo("1.1.0");
        assertThat(iris.get("latency").toString()).contains("count=120").contains("p95_ms=0.9");
        assertThat(iris.get("drift").toString()).isEqualTo("{unavailable=no reference profile in model.json}");
        assertThat(((Map<?, ?>) iris.get("accuracy")).get("accuracy")).isNull();
        assertThat(iris.get("alerts").toString()).contains("kind=latency").contains("state=raised");
        assertThat((List<?>) ((Map<?, ?>) command.run(call(Map.of("model", "digits")))).get("models")).isEmpty();
    }

    @Test
    void withoutTheHealthMonitorItSaysSo() {
        Map<?, ?> answer = (Map<?, ?>) new HealthCommand().run(call(Map.of()));
        assertThat(answer.get("installed")).isEqualTo(false);
        assertThat(answer.get("reason").toString()).contains("org.modelgate.monitor.health");
    }

    private static CommandCall call(Map<String, Object> body) {
        return new CommandCall("health", "id", body, null, null, null);
    }

    /** Fixed reports. */
    private record Reports(List<HealthReport> reports) implements ModelHealth {
        @Override
        public Optional<HealthReport> report(String model) {
            return reports.stream().filter(r -> r.model().equals(model)).findFirst();
        }

        @Override
        public FeedbackResult feedback(String model, String requestId, Feedback feedback) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Alert> alerts() {
            return List.of();
        }

        @Override
        public List<Alert> alertLog() {
            return List.of();
        }

        @Override
        public LabelledWindow labelled(String model) {
            throw new UnsupportedOperationException();
        }
    }
}
