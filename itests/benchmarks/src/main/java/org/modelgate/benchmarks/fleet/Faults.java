package org.modelgate.benchmarks.fleet;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * How a simulated gateway misbehaves (all off in {@link #NONE}).
 *
 * @param failingTrials models whose updates fail their trial ({@link #ANY_MODEL} for all): activating any version
 *     other than the one the gateway started with answers an error and the model stays on the version it served (what
 *     a real gateway's trial does)
 * @param silent it never answers a command (status online, state and telemetry still go out: a hung agent)
 * @param regressing models ({@link #ANY_MODEL} for all) whose updates serve worse: error rate, p95 latency and drift
 *     share up, accuracy down, in the telemetry
 * @param duplicatesReports every {@code status} and {@code state} is published twice
 * @param reportDelay every {@code status} and {@code state} goes out this late (the first ones too: a late device)
 */
public record Faults(Set<String> failingTrials, boolean silent, Set<String> regressing, boolean duplicatesReports,
        Duration reportDelay) {
    /** Stands for every model in {@link #failingTrials()} and {@link #regressing()}. */
    public static final String ANY_MODEL = "*";
    /** A gateway that behaves. */
    public static final Faults NONE = new Faults(Set.of(), false, Set.of(), false, Duration.ZERO);

    public Faults {
        failingTrials = Set.copyOf(failingTrials);
        regressing = Set.copyOf(regressing);
        reportDelay = reportDelay == null ? Duration.ZERO : reportDelay;
    }

    /** @return these faults with every update failing its trial */
    public Faults withFailingTrial() {
        return withFailingTrial(ANY_MODEL);
    }

    /** @return these faults with the updates of that model failing their trial */
    public Faults withFailingTrial(String model) {
        return new Faults(plus(failingTrials, model), silent, regressing, duplicatesReports, reportDelay);
    }

    /** @return these faults with no answers at all */
    public Faults withSilence() {
        return new Faults(failingTrials, true, regressing, duplicatesReports, reportDelay);
    }

    /** @return these faults with a quality regression after any update */
    public Faults withRegression() {
        return withRegression(ANY_MODEL);
    }

    /** @return these faults with a quality regression after an update of that model */
    public Faults withRegression(String model) {
        return new Faults(failingTrials, silent, plus(regressing, model), duplicatesReports, reportDelay);
    }

    /** @return these faults with every report sent twice */
    public Faults withDuplicateReports() {
        return new Faults(failingTrials, silent, regressing, true, reportDelay);
    }

    /** @return these faults with every report sent late */
    public Faults withLateReports(Duration delay) {
        return new Faults(failingTrials, silent, regressing, duplicatesReports, delay);
    }

    /** @return whether an update of this model fails its trial here */
    public boolean failsTrialOf(String model) {
        return failingTrials.contains(ANY_MODEL) || failingTrials.contains(model);
    }

    /** @return whether an update of this model serves worse here */
    public boolean regressesOn(String model) {
        return regressing.contains(ANY_MODEL) || regressing.contains(model);
    }

    private static Set<String> plus(Set<String> set, String model) {
        Set<String> more = new HashSet<>(set);
        more.add(model);
        return more;
    }
}
