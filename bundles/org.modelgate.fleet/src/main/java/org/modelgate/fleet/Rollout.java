package org.modelgate.fleet;

import java.time.Instant;
import java.util.List;

/**
 * A rollout as the controller holds it (and persists, and publishes retained on
 * {@code modelgate/{fleet}/controller/rollouts/{id}}).
 *
 * @param id the rollout id ({@code r-...})
 * @param model the model name (from the package's model.json)
 * @param version the version rolled out
 * @param sha256 the package's SHA-256
 * @param plan the plan
 * @param state where it stands
 * @param creatorKeyId the creator's controller key id
 * @param approverKeyId the approver's key id, empty when not (yet) approved
 * @param created when it was created
 * @param updated when it last changed
 * @param currentStage the stage running (or last run), -1 before the start
 * @param stages the stages, each with its devices
 * @param skipped target devices left out, each with the reason (outcome SKIPPED)
 * @param reason why it was paused, aborted or completed (empty otherwise)
 */
public record Rollout(String id, String model, String version, String sha256, RolloutPlan plan, RolloutState state,
        String creatorKeyId, String approverKeyId, Instant created, Instant updated, int currentStage,
        List<StageStatus> stages, List<DeviceOutcome> skipped, String reason) {

    /** Copies. */
    public Rollout {
        stages = List.copyOf(stages);
        skipped = List.copyOf(skipped);
        approverKeyId = approverKeyId == null ? "" : approverKeyId;
        reason = reason == null ? "" : reason;
    }

    /** The devices targeted (all stages). */
    public int targetDevices() {
        return stages.stream().mapToInt(s -> s.devices().size()).sum();
    }

    /**
     * Counts the devices of all stages with an outcome.
     *
     * @param outcome the outcome
     * @return how many
     */
    public long count(DeviceOutcome.Outcome outcome) {
        return stages.stream().mapToLong(s -> s.count(outcome)).sum();
    }

    /** The share of target devices that finished (updated, failed or timed out, rolled back), 0..1. */
    public double progress() {
        int total = targetDevices();
        if (total == 0) {
            return state.ended() ? 1 : 0;
        }
        long done = stages.stream().flatMap(s -> s.devices().stream())
                .filter(d -> d.outcome() != DeviceOutcome.Outcome.PENDING && d.outcome() != DeviceOutcome.Outcome.DEPLOYING)
                .count();
        return done / (double) total;
    }
}
