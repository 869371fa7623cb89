package org.modelgate.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.fleet.internal.FleetFixture.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.fleet.AbortCriteria;
import org.modelgate.fleet.DeviceOutcome;
import org.modelgate.fleet.DeviceOutcome.Outcome;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.StagePlan;
import org.modelgate.fleet.StageStatus.StageState;

/** Staged rollouts against in-test agents: completion, skipped devices, silent devices, abort and rollback. */
class RolloutTest {
    private FleetFixture fixture;
    private FleetEngine controller;
    private Rollout rollout;

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aTwoStageRolloutCompletes() throws Exception {
        givenDevices("line-1", "line-2", "line-3", "line-4");
        whenRollingOut(plan("1.1.0", null).withStages(StagePlan.explicit("1", "100%")));
        thenTheRolloutEnds(RolloutState.COMPLETED);
        assertThat(rollout.stages()).hasSize(2);
        assertThat(rollout.stages().get(0).devices()).extracting(DeviceOutcome::device).containsExactly("line-1");
        assertThat(rollout.stages().get(1).devices()).extracting(DeviceOutcome::device)
                .containsExactly("line-2", "line-3", "line-4");
        assertThat(rollout.stages()).allMatch(s -> s.state() == StageState.PASSED);
        assertThat(rollout.count(Outcome.UPDATED)).isEqualTo(4);
        for (String device : List.of("line-1", "line-2", "line-3", "line-4")) {
            assertThat(fixture.agents.agent(device).active).isEqualTo("1.1.0");
            assertThat(fixture.agents.agent(device).activations.get()).as(device + " activated once").isEqualTo(1);
            assertThat(outcome(device).previousVersion()).isEqualTo("1.0.0");
        }
        assertThat(fixture.audit.actions("fleet.rollout.complete")).hasSize(1);
    }

    @Test
    void anIncompatibleDeviceIsSkippedWithTheReason() throws Exception {
        givenDevices("line-1", "line-2");
        TestAgents.Agent arm = fixture.agents.add("jetson-1", "1.0.0");
        arm.facts.put("cpu", "aarch64");
        fixture.agents.publishState(arm);
        controller = fixture.controller();
        FleetFixture.awaitDevicesKnown(controller, fixture.agents);
        await("jetson-1's second state", () -> controller.device("jetson-1").orElseThrow().cpu().equals("aarch64"));
        whenRollingOut(plan("1.1.0", "{\"cpu\": [\"x86_64\"], \"min_memory_mb\": 1024}"));
        thenTheRolloutEnds(RolloutState.COMPLETED);
        assertThat(rollout.skipped()).singleElement().satisfies(d -> {
            assertThat(d.device()).isEqualTo("jetson-1");
            assertThat(d.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(d.reason()).isEqualTo("requires cpu [x86_64], device is aarch64");
        });
        assertThat(rollout.targetDevices()).isEqualTo(2);
        assertThat(arm.ran).as("commands the skipped device got").isEmpty();
        assertThat(arm.active).isEqualTo("1.0.0");
    }

    @Test
    void aDeviceThatNeverAnswersTimesOutAndCountsAsAFailure() throws Exception {
        givenDevices("line-1", "line-2", "line-3");
        fixture.agents.agent("line-2").behaviour = TestAgents.Behaviour.SILENT;
        whenRollingOut(plan("1.1.0", null).withStages(StagePlan.explicit("100%"))
                .withAbort(new AbortCriteria(50, 1, Duration.ofSeconds(10)))); // room for the others on a loaded machine
        thenTheRolloutEnds(RolloutState.COMPLETED);
        assertThat(outcome("line-2").outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(outcome("line-2").reason()).startsWith("no answer within PT10S (deploy, chunk at offset 0");
        assertThat(rollout.count(Outcome.UPDATED)).isEqualTo(2);
    }

    @Test
    void duplicatedAnswersCountOnceAndALateAnswerDoesNotUndoATimeout() throws Exception {
        givenDevices("line-1", "line-2", "line-3");
        fixture.agents.agent("line-1").behaviour = TestAgents.Behaviour.DUPLICATE_ANSWERS;
        fixture.agents.agent("line-2").behaviour = TestAgents.Behaviour.LATE;
        whenRollingOut(plan("1.1.0", null).withStages(StagePlan.explicit("100%"))
                .withAbort(new AbortCriteria(50, 1, Duration.ofSeconds(8)))); // TestAgents.LATE_MILLIS is 12 s
        thenTheRolloutEnds(RolloutState.COMPLETED);
        assertThat(outcome("line-1").outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(fixture.agents.agent("line-1").activations.get()).isEqualTo(1);
        assertThat(outcome("line-2").outcome()).isEqualTo(Outcome.TIMED_OUT);
        // the late answers (and line-1's second copies) arrive for ids nobody waits for any more
        await("line-2's late answers", () -> controller.unexpectedAnswers() >= 4);
        assertThat(controller.rollout(rollout.id()).orElseThrow().stages().get(0).devices())
                .filteredOn(d -> d.device().equals("line-2")).singleElement()
                .satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.TIMED_OUT));
        assertThat(controller.rollout(rollout.id()).orElseThrow().state()).isEqualTo(RolloutState.COMPLETED);
    }

    @Test
    void aRolloutAbortsAtItsFailureThresholdAndRollsBackTheUpdatedDevices() throws Exception {
        givenDevices("line-1", "line-2", "line-3", "line-4", "line-5");
        fixture.agents.agent("line-3").behaviour = TestAgents.Behaviour.FAIL_ACTIVATION;
        fixture.agents.agent("line-4").behaviour = TestAgents.Behaviour.FAIL_ACTIVATION;
        whenRollingOut(plan("1.1.0", null).withStages(StagePlan.explicit("1", "100%"))
                .withAbort(new AbortCriteria(30, 2, Duration.ofSeconds(60))));
        await("no device left updated", () -> {
            Rollout r = controller.rollout(rollout.id()).orElseThrow();
            return r.state() == RolloutState.ABORTED && r.count(Outcome.UPDATED) == 0 && r.count(Outcome.DEPLOYING) == 0;
        });
        rollout = controller.rollout(rollout.id()).orElseThrow();
        assertThat(rollout.reason()).startsWith("stage 2: ").contains("finished devices failed (over 30.0 % once 2 finished)");
        assertThat(outcome("line-1").outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(rollout.stages().get(1).state()).isEqualTo(StageState.FAILED);
        assertThat(rollout.stages().get(1).devices()).anySatisfy(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(d.reason()).contains("trial failed: 40 % errors");
        });
        for (String device : List.of("line-1", "line-2", "line-3", "line-4", "line-5")) {
            assertThat(fixture.agents.agent(device).active).as(device + " serves").isEqualTo("1.0.0");
        }
        assertThat(fixture.audit.actions("fleet.rollout.abort")).hasSize(1);
    }

    private void givenDevices(String... ids) throws Exception {
        fixture = new FleetFixture("rollout");
        for (String id : ids) {
            fixture.agents.add(id, "1.0.0", "lab");
        }
    }

    private RolloutPlan plan(String version, String requires) throws Exception {
        Path mgp = fixture.mgp(version, requires);
        return RolloutPlan.of(mgp, DeviceQuery.all()).withAbort(new AbortCriteria(10, 1, Duration.ofSeconds(60)));
    }

    private void whenRollingOut(RolloutPlan plan) {
        if (controller == null) {
            controller = fixture.controller();
            FleetFixture.awaitDevicesKnown(controller, fixture.agents);
        }
        rollout = controller.create(plan, "ops-a");
        assertThat(rollout.state()).isEqualTo(RolloutState.DRAFT);
        controller.start(rollout.id(), "test");
    }

    private void thenTheRolloutEnds(RolloutState state) {
        await("the rollout ends", () -> controller.rollout(rollout.id()).orElseThrow().state().ended());
        rollout = controller.rollout(rollout.id()).orElseThrow();
        assertThat(rollout.state()).as(rollout.reason()).isEqualTo(state);
    }

    private DeviceOutcome outcome(String device) {
        return rollout.stages().stream().flatMap(s -> s.devices().stream()).filter(d -> d.device().equals(device))
                .findFirst().orElseThrow();
    }
}
