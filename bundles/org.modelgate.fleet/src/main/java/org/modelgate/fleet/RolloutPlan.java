package org.modelgate.fleet;

import java.nio.file.Path;
import java.util.List;

/**
 * What to roll out where, and how carefully. The package's model.json gives the model, the version and what it
 * {@code requires}; devices that do not fit are skipped.
 *
 * <pre>
 * RolloutPlan.of(Path.of("iris-1.1.0.mgp"), DeviceQuery.group("lab"))
 *         .withStages(StagePlan.exponential(2, 2.0))
 *         .withAbort(new AbortCriteria(20, 3, Duration.ofMinutes(2)))
 *         .withProduction(true);
 * </pre>
 *
 * @param packageFile the signed model package ({@code .mgp}) on the controller's disk
 * @param sha256 the package's expected SHA-256 (lowercase hex), or empty to take the file's
 * @param target which devices (a group or a query over the registry)
 * @param stages how the target is cut into stages
 * @param abort when a stage aborts the rollout
 * @param gates quality gates each stage must pass (empty: none)
 * @param production whether a second controller key must approve it before it starts
 * @param description free text (shown in the console), may be empty
 */
public record RolloutPlan(Path packageFile, String sha256, DeviceQuery target, StagePlan stages, AbortCriteria abort,
        List<QualityGate> gates, boolean production, String description) {

    /** Checks and copies. */
    public RolloutPlan {
        if (packageFile == null) {
            throw new FleetException("rollout plan: packageFile is required");
        }
        sha256 = sha256 == null ? "" : sha256.trim().toLowerCase(java.util.Locale.ROOT);
        if (!sha256.isEmpty() && !sha256.matches("[0-9a-f]{64}")) {
            throw new FleetException("rollout plan: sha256 must be 64 hex digits, got '" + sha256 + "'");
        }
        target = target == null ? DeviceQuery.all() : target;
        stages = stages == null ? StagePlan.standard() : stages;
        abort = abort == null ? AbortCriteria.standard() : abort;
        gates = gates == null ? List.of() : List.copyOf(gates);
        description = description == null ? "" : description;
    }

    /**
     * A plan with the defaults: stages 1, 5 %, 25 %, 100 %; {@link AbortCriteria#standard()}; no gates; not
     * production.
     *
     * @param packageFile the package
     * @param target the target
     * @return the plan
     */
    public static RolloutPlan of(Path packageFile, DeviceQuery target) {
        return new RolloutPlan(packageFile, "", target, null, null, null, false, "");
    }

    /** @param value the expected hash @return a copy with it */
    public RolloutPlan withSha256(String value) {
        return new RolloutPlan(packageFile, value, target, stages, abort, gates, production, description);
    }

    /** @param value the stages @return a copy with them */
    public RolloutPlan withStages(StagePlan value) {
        return new RolloutPlan(packageFile, sha256, target, value, abort, gates, production, description);
    }

    /** @param value the abort criteria @return a copy with them */
    public RolloutPlan withAbort(AbortCriteria value) {
        return new RolloutPlan(packageFile, sha256, target, stages, value, gates, production, description);
    }

    /** @param value the gates @return a copy with them */
    public RolloutPlan withGates(List<QualityGate> value) {
        return new RolloutPlan(packageFile, sha256, target, stages, abort, value, production, description);
    }

    /** @param value whether production @return a copy with it */
    public RolloutPlan withProduction(boolean value) {
        return new RolloutPlan(packageFile, sha256, target, stages, abort, gates, value, description);
    }

    /** @param value the description @return a copy with it */
    public RolloutPlan withDescription(String value) {
        return new RolloutPlan(packageFile, sha256, target, stages, abort, gates, production, value);
    }
}
