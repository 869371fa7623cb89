package org.modelgate.fleet;

import java.time.Duration;

/**
 * When a stage aborts the rollout: more than {@code failurePercent} of the stage's devices that have finished
 * failed, once at least {@code minDevices} have finished (a device that does not answer within
 * {@code perDeviceTimeout} counts as failed).
 *
 * @param failurePercent the failure share (0..100) above which the rollout aborts
 * @param minDevices the finished devices needed before the share is judged (at least 1)
 * @param perDeviceTimeout how long one device may take to deploy and activate
 */
public record AbortCriteria(double failurePercent, int minDevices, Duration perDeviceTimeout) {
    /** Checks. */
    public AbortCriteria {
        if (failurePercent < 0 || failurePercent > 100) {
            throw new FleetException("abort criteria: failurePercent must be within 0..100, got " + failurePercent);
        }
        if (minDevices < 1) {
            throw new FleetException("abort criteria: minDevices must be at least 1, got " + minDevices);
        }
        if (perDeviceTimeout == null || perDeviceTimeout.isNegative() || perDeviceTimeout.isZero()) {
            throw new FleetException("abort criteria: perDeviceTimeout must be positive, got " + perDeviceTimeout);
        }
    }

    /** The default: abort above 10 % failures after 1 device, 5 minutes per device. */
    public static AbortCriteria standard() {
        return new AbortCriteria(10, 1, Duration.ofMinutes(5));
    }

    /**
     * Whether these counts abort.
     *
     * @param finished devices that finished (updated or failed)
     * @param failed devices that failed (timeouts included)
     * @return true when the rollout must abort
     */
    public boolean aborts(int finished, int failed) {
        return finished >= minDevices && failed * 100.0 > failurePercent * finished;
    }
}
