package org.modelgate.fleet;

import java.time.Instant;

/**
 * What a rollout did to one device.
 *
 * @param device the device id
 * @param outcome the outcome
 * @param reason why (the gateway's error, the timeout, the unmet requirement), empty when fine
 * @param previousVersion the version that served before the update (what a rollback returns to), empty if none
 * @param at when the outcome was last set
 */
public record DeviceOutcome(String device, Outcome outcome, String reason, String previousVersion, Instant at) {
    /** Nulls become empty. */
    public DeviceOutcome {
        reason = reason == null ? "" : reason;
        previousVersion = previousVersion == null ? "" : previousVersion;
    }

    /** A device's outcome in a rollout. */
    public enum Outcome {
        /** Selected for a stage that has not reached it yet. */
        PENDING,
        /** Package being sent or activated. */
        DEPLOYING,
        /** The new version is active. */
        UPDATED,
        /** The gateway refused or failed the deploy or activation. */
        FAILED,
        /** No answer within the per-device timeout (counted as a failure). */
        TIMED_OUT,
        /** Rolled back to the previous version after an abort. */
        ROLLED_BACK,
        /** The rollback after an abort failed or got no answer. */
        ROLLBACK_FAILED,
        /** Not targeted: the device does not fit the package's requirements (reason says which). */
        SKIPPED;

        /** Whether this counts as a failure for the abort criteria. */
        public boolean failed() {
            return this == FAILED || this == TIMED_OUT;
        }
    }
}
