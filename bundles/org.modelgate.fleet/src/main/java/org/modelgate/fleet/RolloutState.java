package org.modelgate.fleet;

/** Where a rollout stands. */
public enum RolloutState {
    /** Created (or approved), not started. */
    DRAFT,
    /** A production rollout waiting for a second controller key's approval. */
    AWAITING_APPROVAL,
    /** Updating devices stage by stage. */
    RUNNING,
    /** Paused by an operator; resumes where it stopped. */
    PAUSED,
    /** Every stage passed. */
    COMPLETED,
    /**
     * Aborted (criteria, gate, timeout or operator); the updated devices are rolled back after it, each one's
     * {@link DeviceOutcome.Outcome} becoming {@code ROLLED_BACK} (or {@code ROLLBACK_FAILED}) as it answers.
     */
    ABORTED;

    /** Whether the rollout has ended. */
    public boolean ended() {
        return this == COMPLETED || this == ABORTED;
    }
}
