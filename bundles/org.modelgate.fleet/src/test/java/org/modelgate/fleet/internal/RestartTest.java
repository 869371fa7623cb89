package org.modelgate.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.fleet.internal.FleetFixture.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.fleet.AbortCriteria;
import org.modelgate.fleet.DeviceOutcome.Outcome;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.StagePlan;
import org.modelgate.fleet.StageStatus.StageState;

/** A controller stopped mid-rollout resumes it from its persisted state, and no device runs a step twice. */
class RestartTest {
    private FleetFixture fixture;

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aRestartedControllerResumesTheRolloutWhereItWas() throws Exception {
        // given: line-1 answers; line-2 and line-3 hold every answer until released
        fixture = new FleetFixture("restart");
        fixture.agents.add("line-1", "1.0.0");
        fixture.agents.add("line-2", "1.0.0");
        fixture.agents.add("line-3", "1.0.0");
        FleetEngine first = fixture.controller();
        FleetFixture.awaitDevicesKnown(first, fixture.agents);
        Rollout rollout = first.create(RolloutPlan.of(fixture.mgp("1.1.0", null), DeviceQuery.all())
                .withStages(StagePlan.explicit("1", "100%")).withAbort(new AbortCriteria(10, 1, Duration.ofMinutes(2))),
                "ops-a");
        fixture.agents.agent("line-2").behaviour = TestAgents.Behaviour.HOLD;
        fixture.agents.agent("line-3").behaviour = TestAgents.Behaviour.HOLD;

        // when: stage 1 passed and stage 2 is deploying, the controller stops
        first.start(rollout.id(), "test");
        await("stage 2 deploying", () -> {
            Rollout r = first.rollout(rollout.id()).orElseThrow();
            return r.currentStage() == 1 && r.stages().get(1).count(Outcome.DEPLOYING) == 2;
        });
        first.close();
        assertThat(Files.exists(fixture.stateDir.resolve("rollouts").resolve(rollout.id() + ".json"))).isTrue();

        // and a new controller starts over the same state folder, and the devices answer again
        FleetEngine second = new FleetEngine(fixture.settings(), java.time.Clock.systemUTC(),
                new org.modelgate.fleet.ControllerKey("ops-a", fixture.opsA.getPrivate()), fixture.audit);
        try {
            second.start();
            Rollout resumed = second.rollout(rollout.id()).orElseThrow();
            assertThat(resumed.state()).isEqualTo(RolloutState.RUNNING);
            assertThat(resumed.stages().get(0).state()).isEqualTo(StageState.PASSED);
            assertThat(resumed.currentStage()).isEqualTo(1);
            fixture.agents.agent("line-2").behaviour = TestAgents.Behaviour.OK;
            fixture.agents.agent("line-3").behaviour = TestAgents.Behaviour.OK;
            fixture.agents.release();

            // then: the rollout completes, each device activated the version once
            await("completed", () -> second.rollout(rollout.id()).orElseThrow().state() == RolloutState.COMPLETED);
            for (String device : List.of("line-1", "line-2", "line-3")) {
                assertThat(fixture.agents.agent(device).active).isEqualTo("1.1.0");
                assertThat(fixture.agents.agent(device).activations.get()).as(device).isEqualTo(1);
            }
            assertThat(second.rollout(rollout.id()).orElseThrow().count(Outcome.UPDATED)).isEqualTo(3);
        } finally {
            second.close();
        }
    }
}
