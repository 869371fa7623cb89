/**
 * The fleet controller: a device registry built from the agents' retained {@code state} and {@code status}, and
 * staged rollouts of a model package with abort criteria, quality gates and approvals.
 *
 * <p>{@link org.modelgate.fleet.FleetController} is provided by the bundle {@code org.modelgate.fleet} (as an OSGi
 * service once PID {@code org.modelgate.fleet} is configured, or in a plain JVM through
 * {@code org.modelgate.fleet.internal.FleetEngine}); clients (the console, a simulation, a test) call it. The value
 * types are immutable records.
 *
 * <pre>
 * RolloutPlan plan = RolloutPlan.of(Path.of("iris-1.1.0.mgp"), DeviceQuery.parse("group=lab"))
 *         .withStages(StagePlan.explicit("1", "5%", "25%", "100%"))
 *         .withAbort(new AbortCriteria(20, 2, Duration.ofMinutes(5)))
 *         .withGates(List.of(new QualityGate(GateMetric.ERROR_RATE, 0.02, 100, Duration.ofMinutes(10), Duration.ofHours(1))));
 * Rollout r = fleet.create(plan, "ops-a");
 * fleet.start(r.id(), "release 1.1");
 * </pre>
 */
@Export
@Version("1.0.0")
package org.modelgate.fleet;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
