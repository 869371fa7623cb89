package org.modelgate.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelgate.fleet.AbortCriteria;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetException;
import org.modelgate.fleet.GateMetric;
import org.modelgate.fleet.QualityGate;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.StagePlan;
import org.modelgate.remote.mqtt.link.Json;

/** Stage cutting, abort arithmetic, plan persistence and the console's view, without a broker. */
class StagePlanTest {
    @Test
    void explicitStagesAreCumulativeAndEndAtTheWholeTarget() {
        assertThat(StagePlan.standard().cumulativeCounts(200)).containsExactly(1, 10, 50, 200);
        assertThat(StagePlan.standard().cumulativeCounts(3)).containsExactly(1, 3);
        assertThat(StagePlan.explicit("1", "5%").cumulativeCounts(100)).containsExactly(1, 5, 100);
        assertThat(StagePlan.standard().cumulativeCounts(0)).isEmpty();
    }

    @Test
    void exponentialStagesGrowByTheirFactor() {
        assertThat(StagePlan.exponential(2, 2.0).cumulativeCounts(20)).containsExactly(2, 6, 14, 20);
        assertThat(StagePlan.exponential(1, 1.5).cumulativeCounts(5)).containsExactly(1, 3, 5);
    }

    @Test
    void badStagesAndCriteriaAreRefusedNamingTheField() {
        assertThatThrownBy(() -> StagePlan.explicit("five")).isInstanceOf(FleetException.class)
                .hasMessageContaining("'five' is neither a device count");
        assertThatThrownBy(() -> StagePlan.exponential(0, 2)).hasMessageContaining("baseRate >= 1 and factor > 1");
        assertThatThrownBy(() -> new AbortCriteria(120, 1, Duration.ofSeconds(1))).hasMessageContaining("failurePercent");
        assertThatThrownBy(() -> new QualityGate(GateMetric.DRIFT, 0.3, 10, Duration.ofMinutes(5), Duration.ofMinutes(1)))
                .hasMessageContaining("timeout must be at least the soak");
        assertThatThrownBy(() -> DeviceQuery.parse("colour=red")).hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void abortCriteriaWaitForTheirMinimumOfDevices() {
        AbortCriteria criteria = new AbortCriteria(20, 5, Duration.ofMinutes(1));
        assertThat(criteria.aborts(4, 4)).isFalse();
        assertThat(criteria.aborts(5, 1)).isFalse();
        assertThat(criteria.aborts(5, 2)).isTrue();
    }

    @Test
    void aRolloutSurvivesItsJsonRoundTrip() {
        RolloutPlan plan = RolloutPlan.of(Path.of("/tmp/iris-1.1.0.mgp"), DeviceQuery.parse("group=lab,cpu=aarch64"))
                .withStages(StagePlan.exponential(2, 1.5)).withProduction(true)
                .withGates(List.of(new QualityGate(GateMetric.ACCURACY, 0.9, 50, Duration.ofSeconds(30), Duration.ofMinutes(5))));
        RolloutRecord r = new RolloutRecord("r-1", "iris", "1.1.0", "ab".repeat(32), 1234, plan, "ops-a", Instant.EPOCH,
                RolloutState.AWAITING_APPROVAL);
        Stages.cut(r, List.of("a", "b", "c", "d", "e"), Instant.EPOCH);
        RolloutRecord back = RolloutCodec.read(Json.object(Json.write(RolloutCodec.write(r))));
        assertThat(back.snapshot()).isEqualTo(r.snapshot());
    }

    @Test
    void theConsoleShowsAProgressBar() {
        assertThat(RolloutView.bar(0.5)).isEqualTo("[###############...............] 50 %");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new FleetConsole(null, () -> new PrintStream(bytes, true, StandardCharsets.UTF_8)).rollout("help");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("mg:rollout create PACKAGE.mgp");
        bytes.reset();
        new FleetConsole(null, () -> new PrintStream(bytes, true, StandardCharsets.UTF_8)).fleet();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("error: fleet controller: not configured (give PID org.modelgate.fleet a brokerUri");
    }
}
