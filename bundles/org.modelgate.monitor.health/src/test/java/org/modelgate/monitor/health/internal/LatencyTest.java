package org.modelgate.monitor.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileReport;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.LatencyWindow;

/**
 * The latency window: percentiles of known latencies, requests per second, and a regression against the
 * previous version's p95 or the profiled figure of the serving candidate.
 */
class LatencyTest {
    private static final double[] ROW = {5.1, 3.5, 1.4, 0.2};
    private final HealthFixture gateway = new HealthFixture(HealthSettings.DEFAULTS);

    @Test
    void percentilesAndRateOfTheWindow() throws Exception {
        givenIris("1.0.0");
        for (int ms = 1; ms <= 101; ms++) {
            gateway.classified("iris", "1.0.0", ROW, 0, 3, ms);
        }
        gateway.clock.advance(Duration.ofSeconds(10));
        LatencyWindow latency = gateway.tracker.report("iris").orElseThrow().latency();
        assertThat(latency.count()).isEqualTo(101);
        assertThat(latency.p50Millis()).isCloseTo(51, within(1e-9));
        assertThat(latency.p95Millis()).isCloseTo(96, within(1e-9));
        assertThat(latency.p99Millis()).isCloseTo(100, within(1e-9));
        assertThat(latency.requestsPerSecond()).isCloseTo(10.1, within(1e-9));
        assertThat(latency.baselineP95Millis()).isNaN();
        assertThat(latency.previousP95Millis()).isNaN();
        assertThat(latency.regressed()).isFalse();
    }

    @Test
    void aNewVersionTwiceAsSlowAsThePreviousRaisesALatencyAlert() throws Exception {
        givenIris("1.0.0");
        givenIris("1.1.0");
        serve("1.0.0", 100, 10);
        serve("1.1.0", 100, 20);
        LatencyWindow latency = gateway.tracker.report("iris").orElseThrow().latency();
        assertThat(latency.previousP95Millis()).isEqualTo(10);
        assertThat(latency.p95Millis()).isEqualTo(20);
        assertThat(latency.regressed()).isTrue();
        List<Alert> raised = evaluate(3);
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.KIND_LATENCY);
            assertThat(a.version()).isEqualTo("1.1.0");
            assertThat(a.subject()).isEqualTo("p95");
            assertThat(a.threshold()).isEqualTo(15);
            assertThat(a.evidence()).contains("previous version's 10.000 ms");
        });
    }

    @Test
    void theProfiledFigureOfTheServingCandidateIsTheBaseline() throws Exception {
        givenIris("1.0.0");
        ProfileMeasurement cpu = new ProfileMeasurement("onnxruntime", "cpu", 1, 5, 1.0, 2.0, 900, null, null);
        gateway.profiles.put("iris", new ProfileReport("iris", "1.0.0", 50, Instant.now(), List.of(cpu), cpu, null, "cpu won"));
        serve("1.0.0", 100, 2.5);
        LatencyWindow latency = gateway.tracker.report("iris").orElseThrow().latency();
        assertThat(latency.baselineP95Millis()).isEqualTo(2.0);
        assertThat(latency.regressed()).as("2.5 ms is within 1.5 x 2 ms").isFalse();
        assertThat(evaluate(3)).isEmpty();

        serve("1.0.0", 1000, 4);
        assertThat(gateway.tracker.report("iris").orElseThrow().latency().regressed()).isTrue();
        assertThat(evaluate(3)).extracting(Alert::kind).containsExactly(Alert.KIND_LATENCY);
    }

    @Test
    void alertsOfAVersionThatNoLongerServesAreCleared() throws Exception {
        givenIris("1.0.0");
        givenIris("1.1.0");
        givenIris("1.2.0");
        serve("1.0.0", 100, 10);
        serve("1.1.0", 100, 20);
        evaluate(3);
        assertThat(gateway.tracker.alerts()).hasSize(1);
        serve("1.2.0", 1, 20);
        List<Alert> cleared = evaluate(1);
        assertThat(cleared).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.CLEARED);
            assertThat(a.version()).isEqualTo("1.1.0");
            assertThat(a.evidence()).isEqualTo("version 1.1.0 no longer serves; 1.2.0 does");
        });
        assertThat(gateway.tracker.alerts()).isEmpty();
    }

    private void givenIris(String version) throws Exception {
        gateway.givenModelJson("iris", version, ModelJsons.classifierWithoutReference(List.of("setosa", "versicolor", "virginica")));
    }

    private void serve(String version, int requests, double millis) {
        for (int i = 0; i < requests; i++) {
            gateway.classified("iris", version, ROW, 0, 3, millis);
        }
    }

    private List<Alert> evaluate(int times) {
        List<Alert> transitions = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            transitions.addAll(gateway.tracker.evaluate());
        }
        return transitions;
    }
}
