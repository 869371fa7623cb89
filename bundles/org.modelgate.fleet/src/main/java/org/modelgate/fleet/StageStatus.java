package org.modelgate.fleet;

import java.time.Instant;
import java.util.List;

/**
 * One stage of a rollout.
 *
 * @param index the stage number, from 0
 * @param state where it stands
 * @param devices the devices this stage updates, with their outcomes
 * @param readings the quality gates' last readings (empty without gates or before data came)
 * @param started when it started, null before
 * @param ended when it passed or failed, null before
 * @param reason why it failed, empty otherwise
 */
public record StageStatus(int index, StageState state, List<DeviceOutcome> devices, List<GateReading> readings,
        Instant started, Instant ended, String reason) {
    /** Copies. */
    public StageStatus {
        devices = List.copyOf(devices);
        readings = List.copyOf(readings);
        reason = reason == null ? "" : reason;
    }

    /**
     * Counts the devices with an outcome.
     *
     * @param outcome the outcome
     * @return how many
     */
    public long count(DeviceOutcome.Outcome outcome) {
        return devices.stream().filter(d -> d.outcome() == outcome).count();
    }

    /** Where a stage stands. */
    public enum StageState {
        /** Not started. */
        PENDING,
        /** Sending the package and activating it. */
        DEPLOYING,
        /** All devices finished; waiting for the quality gates (samples, soak). */
        GATING,
        /** Passed. */
        PASSED,
        /** Failed: abort criteria, a breached gate, or a gate that timed out. */
        FAILED
    }

    /**
     * A quality gate's reading over the devices updated so far.
     *
     * @param metric the metric
     * @param value the value (requests-weighted mean), NaN when no data
     * @param samples requests served by the new version since the update
     * @param threshold the gate's threshold
     * @param verdict {@code waiting}, {@code soaking}, {@code passed}, {@code breached} or {@code timed out}
     */
    public record GateReading(GateMetric metric, double value, long samples, double threshold, String verdict) {
    }
}
