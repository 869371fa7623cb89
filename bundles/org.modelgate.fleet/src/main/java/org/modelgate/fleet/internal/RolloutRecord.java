package org.modelgate.fleet.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.modelgate.fleet.DeviceOutcome;
import org.modelgate.fleet.DeviceOutcome.Outcome;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.StageStatus;
import org.modelgate.fleet.StageStatus.GateReading;
import org.modelgate.fleet.StageStatus.StageState;

/**
 * A rollout as the engine changes it; guarded by its own monitor ({@code synchronized (record)}). {@link #snapshot()}
 * is the immutable {@link Rollout} handed out, persisted and published.
 */
final class RolloutRecord {
    /** One device's place in a stage. */
    static final class Slot {
        final String device;
        Outcome outcome = Outcome.PENDING;
        String reason = "";
        String previous = "";
        Instant at;

        Slot(String device, Instant at) {
            this.device = device;
            this.at = at;
        }

        DeviceOutcome snapshot() {
            return new DeviceOutcome(device, outcome, reason, previous, at);
        }
    }

    /** One stage. */
    static final class Stage {
        final int index;
        StageState state = StageState.PENDING;
        final List<Slot> slots = new ArrayList<>();
        List<GateReading> readings = List.of();
        Instant started;
        Instant ended;
        Instant gateStart;
        String reason = "";

        Stage(int index) {
            this.index = index;
        }

        StageStatus snapshot() {
            return new StageStatus(index, state, slots.stream().map(Slot::snapshot).toList(), readings, started, ended, reason);
        }

        long count(Outcome outcome) {
            return slots.stream().filter(s -> s.outcome == outcome).count();
        }
    }

    final String id;
    final String model;
    final String version;
    final String sha256;
    final long size;
    final RolloutPlan plan;
    final String creator;
    final Instant created;
    volatile RolloutState state;
    String approver = "";
    Instant updated;
    int currentStage = -1;
    final List<Stage> stages = new ArrayList<>();
    final List<DeviceOutcome> skipped = new ArrayList<>();
    String reason = "";
    /** Changed since last persisted / published (transient). */
    boolean dirty = true;
    boolean unpublished = true;

    RolloutRecord(String id, String model, String version, String sha256, long size, RolloutPlan plan, String creator,
            Instant created, RolloutState state) {
        this.id = id;
        this.model = model;
        this.version = version;
        this.sha256 = sha256;
        this.size = size;
        this.plan = plan;
        this.creator = creator;
        this.created = created;
        this.updated = created;
        this.state = state;
    }

    synchronized Rollout snapshot() {
        return new Rollout(id, model, version, sha256, plan, state, creator, approver, created, updated, currentStage,
                stages.stream().map(Stage::snapshot).toList(), skipped, reason);
    }

    void touch(Instant now) {
        updated = now;
        dirty = true;
        unpublished = true;
    }

    Stage current() {
        return currentStage >= 0 && currentStage < stages.size() ? stages.get(currentStage) : null;
    }

    /** Every slot of every stage. */
    List<Slot> slots() {
        List<Slot> all = new ArrayList<>();
        stages.forEach(s -> all.addAll(s.slots));
        return all;
    }
}
