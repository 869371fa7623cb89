package org.modelgate.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.fleet.internal.FleetFixture.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.modelgate.fleet.AbortCriteria;
import org.modelgate.fleet.DeviceOutcome.Outcome;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.GateMetric;
import org.modelgate.fleet.QualityGate;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.StagePlan;
import org.modelgate.fleet.StageStatus.GateReading;

/** Quality gates judged from the devices' telemetry of the new version: pass, breach, and data that never comes. */
class GateTest {
    private FleetFixture fixture;
    private FleetEngine controller;
    private Rollout rollout;

    @BeforeEach
    void givenThreeDevices() throws Exception {
        fixture = new FleetFixture("gates");
        for (String id : List.of("line-1", "line-2", "line-3")) {
            fixture.agents.add(id, "1.0.0");
        }
        controller = fixture.controller();
        FleetFixture.awaitDevicesKnown(controller, fixture.agents);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aStageWhoseGateDataNeverReachesTheMinimumSampleCountTimesOut() throws Exception {
        whenRollingOutWithGate(new QualityGate(GateMetric.ERROR_RATE, 0.05, 100, Duration.ZERO, Duration.ofSeconds(3)));
        // no telemetry at all
        thenTheRolloutIsAbortedAndRolledBack();
        assertThat(rollout.reason()).isEqualTo("stage 1: gate error_rate timed out: 0 of 100 samples after PT3S");
        assertThat(rollout.stages().get(0).readings()).singleElement()
                .satisfies(g -> assertThat(g.verdict()).isEqualTo("timed out"));
    }

    @Test
    void aBreachedGateAbortsTheRollout() throws Exception {
        whenRollingOutWithGate(new QualityGate(GateMetric.ERROR_RATE, 0.05, 100, Duration.ZERO, Duration.ofMinutes(5)));
        whenStageOneIsUpdated();
        fixture.agents.publishTelemetry("line-1", "1.1.0", 200, 50, 12.0, 1);
        thenTheRolloutIsAbortedAndRolledBack();
        assertThat(rollout.reason()).isEqualTo("stage 1: gate error_rate breached: 0.2500 against threshold 0.05000 over 200 requests");
    }

    @Test
    void aGatePassesOnceItsSamplesAndSoakAreThereAndTheNextStageRuns() throws Exception {
        whenRollingOutWithGate(new QualityGate(GateMetric.P95_MS, 50, 100, Duration.ofSeconds(1), Duration.ofMinutes(5)));
        whenStageOneIsUpdated();
        fixture.agents.publishTelemetry("line-1", "1.1.0", 40, 0, 20.0, 1);
        await("waiting for samples", () -> readings().stream().anyMatch(g -> g.samples() == 40 && g.verdict().equals("waiting")));
        assertThat(controller.rollout(rollout.id()).orElseThrow().currentStage()).isZero();
        fixture.agents.publishTelemetry("line-1", "1.1.0", 150, 0, 20.0, 2);
        await("stage 2 gating", () -> controller.rollout(rollout.id()).orElseThrow().currentStage() == 1);
        for (String id : List.of("line-1", "line-2", "line-3")) {
            fixture.agents.publishTelemetry(id, "1.1.0", 300, 0, 25.0, 3);
        }
        await("completed", () -> controller.rollout(rollout.id()).orElseThrow().state() == RolloutState.COMPLETED);
        rollout = controller.rollout(rollout.id()).orElseThrow();
        assertThat(rollout.stages().get(1).readings()).singleElement().satisfies(g -> {
            assertThat(g.verdict()).isEqualTo("passed");
            assertThat(g.samples()).isEqualTo(900);
            assertThat(g.value()).isEqualTo(25.0);
        });
    }

    @Test
    void anAccuracyGateCountsLabelledRequestsNotRequests() throws Exception {
        whenRollingOutWithGate(new QualityGate(GateMetric.ACCURACY, 0.8, 100, Duration.ZERO, Duration.ofMinutes(5)));
        whenStageOneIsUpdated();
        // 5000 requests, but only 30 of them came back with a label: too few to judge an accuracy of 0.5
        fixture.agents.publishTelemetry("line-1", "1.1.0", 5000, 0, 20.0, 1, java.util.Map.of("accuracy", 0.5,
                "labelled", 30));
        await("waiting for labels", () -> readings().stream().anyMatch(g -> g.samples() == 30 && g.verdict().equals("waiting")));
        assertThat(controller.rollout(rollout.id()).orElseThrow().state()).isEqualTo(RolloutState.RUNNING);
        fixture.agents.publishTelemetry("line-1", "1.1.0", 9000, 0, 20.0, 2, java.util.Map.of("accuracy", 0.5,
                "labelled", 120));
        thenTheRolloutIsAbortedAndRolledBack();
        assertThat(rollout.reason()).isEqualTo(
                "stage 1: gate accuracy breached: 0.5000 against threshold 0.8000 over 120 labelled requests");
    }

    private List<GateReading> readings() {
        Rollout r = controller.rollout(rollout.id()).orElseThrow();
        return r.stages().get(r.currentStage()).readings();
    }

    private void whenRollingOutWithGate(QualityGate gate) throws Exception {
        rollout = controller.create(RolloutPlan.of(fixture.mgp("1.1.0", null), DeviceQuery.all())
                .withStages(StagePlan.explicit("1", "100%")).withAbort(new AbortCriteria(10, 1, Duration.ofSeconds(60)))
                .withGates(List.of(gate)), "ops-a");
        controller.start(rollout.id(), "test");
    }

    private void whenStageOneIsUpdated() {
        await("line-1 updated", () -> controller.rollout(rollout.id()).orElseThrow().stages().get(0)
                .count(Outcome.UPDATED) == 1);
    }

    private void thenTheRolloutIsAbortedAndRolledBack() {
        await("aborted and rolled back", () -> {
            Rollout r = controller.rollout(rollout.id()).orElseThrow();
            return r.state() == RolloutState.ABORTED && r.count(Outcome.ROLLED_BACK) == 1;
        });
        rollout = controller.rollout(rollout.id()).orElseThrow();
        assertThat(fixture.agents.agent("line-1").active).isEqualTo("1.0.0");
        assertThat(fixture.agents.agent("line-2").ran).as("stage 2 never started").isEmpty();
    }
}
