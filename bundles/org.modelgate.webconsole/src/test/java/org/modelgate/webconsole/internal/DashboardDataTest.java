package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON the Model health page polls. */
class DashboardDataTest {
    private static final long NOW = 1_800_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withoutTheHealthMonitorItCarriesTrafficAndSaysWhatIsMissing() throws Exception {
        LatencySeries series = new LatencySeries();
        series.add(NOW, 4f, false);
        series.add(NOW, 6f, true);

        JsonNode data = JSON.readTree(DashboardData.json("iris", List.of("iris"), Map.of("1.0.0", series.window(NOW)), null, NOW));

        assertThat(data.get("model").asText()).isEqualTo("iris");
        JsonNode version = data.get("traffic").get("versions").get(0);
        assertThat(version.get("version").asText()).isEqualTo("1.0.0");
        assertThat(version.get("requests").asLong()).isEqualTo(2);
        assertThat(version.get("p95")).hasSize(LatencySeries.SECONDS);
        int last = LatencySeries.SECONDS - 1;
        assertThat(version.get("p95").get(last).asDouble()).isEqualTo(6.0);
        assertThat(version.get("p95").get(last - 1).isNull()).as("a second without requests is a gap").isTrue();
        assertThat(version.get("rate").get(last).asInt()).isEqualTo(2);
        assertThat(version.get("failures").get(last).asInt()).isEqualTo(1);
        assertThat(data.get("traffic").get("start").asLong()).isEqualTo(NOW - LatencySeries.SECONDS + 1);
        assertThat(data.get("health").get("available").asBoolean()).isFalse();
        assertThat(data.get("health").get("message").asText()).isEqualTo("Drift, accuracy and alerts need the health feature (bundle org.modelgate.monitor.health).");
    }

    @Test
    void withTheHealthMonitorItCarriesHistoryFeaturesAlertsAndTheModelsTransitionsNewestFirst() throws Exception {
        var alert = new HealthSource.AlertRow("iris", "1.0.0", "feature-drift", "petal_length", "ks", 0.001, 0.05,
                "p-value 0.001 < 0.05", "RAISED", NOW - 10);
        var cleared = new HealthSource.AlertRow("iris", "1.0.0", "accuracy", "accuracy", "accuracy", 0.9, 0.8, "back", "CLEARED", NOW - 5);
        var other = new HealthSource.AlertRow("wine", "2.0.0", "latency", "p95", "p95", 90, 50, "slow", "RAISED", NOW - 3);
        var view = new HealthSource.HealthView("1.0.0",
                List.of(new HealthSource.HealthPoint(NOW - 5, Double.NaN, 0.25), new HealthSource.HealthPoint(NOW, 0.75, 0.5)),
                List.of(new HealthSource.FeatureBar("petal_length", "ks", 0.001, 0.05, true)), null,
                List.of(alert, other), List.of(alert, other, cleared));

        JsonNode health = JSON.readTree(DashboardData.json("iris", List.of("iris", "wine"), Map.of(), view, NOW)).get("health");

        assertThat(health.get("available").asBoolean()).isTrue();
        assertThat(health.get("history").get("t").toString()).isEqualTo("[" + (NOW - 5) + "," + NOW + "]");
        assertThat(health.get("history").get("accuracy").toString()).isEqualTo("[null,0.75]");
        assertThat(health.get("history").get("driftShare").toString()).isEqualTo("[0.25,0.5]");
        assertThat(health.get("features").get(0).get("feature").asText()).isEqualTo("petal_length");
        assertThat(health.get("features").get(0).get("drifted").asBoolean()).isTrue();
        assertThat(health.get("alerts")).hasSize(2);
        assertThat(health.get("alertLog")).as("this model's transitions only, newest first").hasSize(2);
        assertThat(health.get("alertLog").get(0).get("state").asText()).isEqualTo("CLEARED");
        assertThat(health.get("alertLog").get(1).get("evidence").asText()).isEqualTo("p-value 0.001 < 0.05");
    }

    @Test
    void namesFromUsersCannotBreakOutOfTheJsonOrTheConsolesTemplates() throws Exception {
        String hostile = "</script><img src=x onerror=alert(1)>\"${title}'\u2028";
        String text = DashboardData.json(hostile, List.of(hostile), Map.of(), null, NOW);

        assertThat(text).doesNotContain("<").doesNotContain(">").doesNotContain("${").doesNotContain("'").doesNotContain("\u2028");
        assertThat(JSON.readTree(text).get("model").asText()).isEqualTo(hostile);
    }
}
