package org.modelgate.benchmarks.fleet;

import java.time.Duration;

/**
 * How a simulated gateway misbehaves (all off in {@link #NONE}).
 *
 * @param failsTrial activating any version other than the one it started with fails its trial: the answer is an
 *     error and the model stays on the version it served (what a real gateway's trial does)
 * @param silent it never answers a command (status online, state and telemetry still go out: a hung agent)
 * @param regresses a version activated after the start serves worse: error rate, p95 latency, drift share up,
 *     accuracy down, in its telemetry
 * @param duplicatesReports every {@code status} and {@code state} is published twice
 * @param reportDelay every {@code status} and {@code state} goes out this late (the first ones too: a late device)
 */
public record Faults(boolean failsTrial, boolean silent, boolean regresses, boolean duplicatesReports, Duration reportDelay) {
    /** A gateway that behaves. */
    public static final Faults NONE = new Faults(false, false, false, false, Duration.ZERO);

    public Faults {
        reportDelay = reportDelay == null ? Duration.ZERO : reportDelay;
    }

    /** @return these faults with a failing trial */
    public Faults withFailingTrial() {
        return new Faults(true, silent, regresses, duplicatesReports, reportDelay);
    }

    /** @return these faults with no answers at all */
    public Faults withSilence() {
        return new Faults(failsTrial, true, regresses, duplicatesReports, reportDelay);
    }

    /** @return these faults with a quality regression after an update */
    public Faults withRegression() {
        return new Faults(failsTrial, silent, true, duplicatesReports, reportDelay);
    }

    /** @return these faults with every report sent twice */
    public Faults withDuplicateReports() {
        return new Faults(failsTrial, silent, regresses, true, reportDelay);
    }

    /** @return these faults with every report sent late */
    public Faults withLateReports(Duration delay) {
        return new Faults(failsTrial, silent, regresses, duplicatesReports, delay);
    }
}
