package org.modelgate.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.modelgate.fleet.internal.FleetFixture.await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetException;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutApproval;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.fleet.RolloutState;

/** Production rollouts need the approval of a second controller key, recorded in the audit log. */
class ApprovalTest {
    private FleetFixture fixture;
    private FleetEngine controller;
    private Rollout rollout;

    @BeforeEach
    void givenDevicesAndAProductionRollout() throws Exception {
        fixture = new FleetFixture("approval");
        fixture.agents.add("line-1", "1.0.0");
        fixture.agents.add("line-2", "1.0.0");
        controller = fixture.controller();
        FleetFixture.awaitDevicesKnown(controller, fixture.agents);
        rollout = controller.create(RolloutPlan.of(fixture.mgp("2.0.0", null), DeviceQuery.all()).withProduction(true),
                "ops-a");
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void anUnapprovedProductionRolloutIsRefused() {
        assertThat(rollout.state()).isEqualTo(RolloutState.AWAITING_APPROVAL);
        assertThatThrownBy(() -> controller.start(rollout.id(), "now"))
                .isInstanceOf(FleetException.class)
                .hasMessageContaining("awaiting the approval of a second controller key")
                .hasMessageContaining("it cannot start unapproved");
        assertThat(controller.rollout(rollout.id()).orElseThrow().state()).isEqualTo(RolloutState.AWAITING_APPROVAL);
        assertThat(fixture.agents.agent("line-1").ran).isEmpty();
    }

    @Test
    void theCreatorsOwnKeyCannotApprove() {
        byte[] own = RolloutApproval.sign(rollout, fixture.opsA.getPrivate());
        assertThatThrownBy(() -> controller.approve(rollout.id(), "ops-a", own))
                .isInstanceOf(FleetException.class)
                .hasMessageContaining("was created with key 'ops-a'")
                .hasMessageContaining("second controller key, not the creator's");
        assertThat(controller.rollout(rollout.id()).orElseThrow().state()).isEqualTo(RolloutState.AWAITING_APPROVAL);
        assertThat(fixture.audit.actions("fleet.rollout.approve")).isEmpty();
    }

    @Test
    void anApprovalSignedByAnotherKeyThanTheOneNamedIsRefused() {
        byte[] byA = RolloutApproval.sign(rollout, fixture.opsA.getPrivate());
        assertThatThrownBy(() -> controller.approve(rollout.id(), "ops-b", byA))
                .isInstanceOf(FleetException.class)
                .hasMessageContaining("does not verify with controller key 'ops-b'");
    }

    @Test
    void aSecondKeyApprovesTheApprovalIsAuditedAndTheRolloutRuns() {
        Rollout approved = controller.approve(rollout.id(), "ops-b", RolloutApproval.sign(rollout, fixture.opsB.getPrivate()));
        assertThat(approved.state()).isEqualTo(RolloutState.DRAFT);
        assertThat(approved.approverKeyId()).isEqualTo("ops-b");
        assertThat(fixture.audit.actions("fleet.rollout.approve")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("ops-b");
            assertThat(e.subject()).isEqualTo(rollout.id());
            assertThat(e.details()).containsEntry("creator", "ops-a").containsEntry("approver", "ops-b");
        });
        controller.start(rollout.id(), "approved");
        await("completed", () -> controller.rollout(rollout.id()).orElseThrow().state() == RolloutState.COMPLETED);
        assertThat(fixture.agents.agent("line-2").active).isEqualTo("2.0.0");
    }
}
