package org.modelgate.benchmarks.fleet;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.modelgate.fleet.AbortCriteria;
import org.modelgate.fleet.ControllerKey;
import org.modelgate.fleet.DeviceOutcome;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetSettings;
import org.modelgate.fleet.GateMetric;
import org.modelgate.fleet.QualityGate;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutApproval;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.StagePlan;
import org.modelgate.fleet.internal.FleetEngine;
import org.modelgate.security.SigningKey;

/**
 * {@code -Dbench=fleet -Dfleet.agents=N}: a fleet controller ({@link FleetEngine}, its plain-JVM constructor) drives N
 * {@link SimulatedGateway}s, each on its own MQTT v5 connection to HiveMQ CE embedded in this JVM, through three
 * plans, one after another:
 *
 * <ol>
 * <li><b>healthy</b> (production, approved by a second controller key): model {@code vision} 1.0.0 to 1.1.0 in
 * stages 1, 5 %, 25 %, 100 %, gated on the error rate; completes (the silent devices time out, under the abort
 * threshold; the aarch64 devices are skipped: the package requires x86_64);</li>
 * <li><b>trial failures</b>: model {@code speech}, a third of the devices fail the trial; aborts at the threshold
 * and rolls the updated devices back;</li>
 * <li><b>quality regression</b>: model {@code anomaly}, every device serves the update worse (error rate, p95, drift,
 * accuracy in its telemetry); the error-rate gate of the first stage fails and the rollout aborts.</li>
 * </ol>
 *
 * <p>Per plan one Markdown row: the outcome ({@code completed}/{@code aborted}), the time from start to the end state,
 * the time until it settled (an aborted rollout: until the devices it updated are rolled back), the PUBLISH packets
 * per second through the broker until then (its own counters, in and out), and the heap the JVM gained since the
 * controller was built (the controller's, but also the broker's and the simulation's growth under telemetry). The
 * controller's own heap per device is measured before telemetry starts: live heap with the registry full minus the
 * same before the controller was built, while the gateways send nothing. Nothing is asserted: the figures go to
 * docs/benchmarks.md.
 */
public final class FleetBenchmark {
    private static final String FLEET = "bench";
    private static final String GROUP = "bench";
    private static final Duration PLAN_LIMIT = Duration.ofMinutes(20);
    private final int agents;

    public FleetBenchmark(int agents) {
        this.agents = agents;
    }

    /** One plan's figures. */
    record PlanRow(String plan, String outcome, Duration time, Duration settled, double messagesPerSecond, long heapBytes,
            Rollout rollout) {
    }

    public String run(Path work) throws Exception {
        SigningKey opsA = SigningKey.generate();
        SigningKey opsB = SigningKey.generate();
        Path trust = Files.createDirectories(work.resolve("trust/controller"));
        writePublicKey(opsA, trust.resolve("ops-a.pem"));
        writePublicKey(opsB, trust.resolve("ops-b.pem"));
        ControllerTrust gatewaysTrust = new ControllerTrust().trust("ops-a", opsA.publicKey()).trust("ops-b", opsB.publicKey());
        Map<String, Path> packages = packages(work);

        StringBuilder out = new StringBuilder();
        long threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        try (FleetBroker broker = FleetBroker.start(Files.createDirectories(work.resolve("broker")))) {
            long heapBeforeFleet = usedHeapAfterGc();
            long connectStart = System.nanoTime();
            // telemetry starts only after the registry's heap is measured: its churn would drown the controller's share
            try (SimulatedFleet fleet = SimulatedFleet.start(broker.uri(), agents, this::profile, gatewaysTrust, 0)) {
                Duration connectTime = Duration.ofNanos(System.nanoTime() - connectStart);
                long heapFleet = usedHeapAfterGc() - heapBeforeFleet;
                long threads = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
                long heapBeforeController = usedHeapAfterGc();
                FleetSettings settings = FleetSettings.of(broker.uri(), FLEET, Files.createDirectories(work.resolve("state")),
                        work.resolve("trust")).withCommandTimeout(Duration.ofSeconds(15));
                FleetEngine controller = new FleetEngine(settings, Clock.systemUTC(),
                        new ControllerKey("ops-a", opsA.privateKey()), null);
                try {
                    controller.start();
                    Duration registryTime = awaitRegistry(controller);
                    Thread.sleep(3000); // late reports (2 s) and duplicates in too
                    long heapRegistry = usedHeapAfterGc() - heapBeforeController;
                    fleet.gateways().forEach(g -> g.startTelemetry(1000));
                    out.append(String.format(Locale.ROOT, "# %d simulated gateways connected in %.1f s (%d connections, %d"
                            + " threads, %.1f MiB heap for the simulation); the controller's registry held all of them %.1f s"
                            + " after its start; the controller then took %.1f MiB of heap (%.1f KiB per device; no telemetry"
                            + " yet)%n", agents, seconds(connectTime), agents,
                            threads, heapFleet / 1048576.0, seconds(registryTime), heapRegistry / 1048576.0,
                            heapRegistry / 1024.0 / agents));
                    out.append("\n| agents | plan | outcome | time (s) | settled (s) | broker msg/s | JVM heap gained (MiB) |"
                            + " devices updated / failed / timed out / rolled back / rollback failed / skipped |\n");
                    out.append("|---:|---|---|---:|---:|---:|---:|---|\n");
                    List<PlanRow> rows = new ArrayList<>();
                    rows.add(runPlan(controller, broker, "healthy, production (approved)", healthyPlan(packages.get("vision")),
                            opsB, heapBeforeController));
                    rows.add(runPlan(controller, broker, "trial fails on 1/3", trialPlan(packages.get("speech")), null,
                            heapBeforeController));
                    rows.add(runPlan(controller, broker, "quality regression", regressionPlan(packages.get("anomaly")), null,
                            heapBeforeController));
                    for (PlanRow row : rows) {
                        out.append(row(row));
                    }
                    out.append(String.format(Locale.ROOT, "%n# simulation: %d messages sent by the gateways, %d received,"
                            + " %d dropped connections, failures: %s%n", fleet.runtime().messagesSent(),
                            fleet.runtime().messagesReceived(), fleet.runtime().disconnects(), fleet.runtime().failures()));
                    for (PlanRow row : rows) {
                        out.append("# ").append(row.plan()).append(": ").append(row.rollout().reason()).append('\n');
                    }
                } finally {
                    if (controller != null) {
                        controller.close();
                    }
                }
            }
        }
        return out.toString();
    }

    // ---- the fleet ----

    /**
     * Gateway {@code i}: one in ten an aarch64 "jetson" (outside every package's requires), one in a hundred silent,
     * one in fifty sending duplicate reports, one in fifty late ones (2 s); every third fails the trial of
     * {@code speech}; all regress on {@code anomaly}.
     */
    private GatewayProfile profile(int i) {
        Faults faults = Faults.NONE;
        if (i % 100 == 37) {
            faults = faults.withSilence();
        }
        if (i % 50 == 11) {
            faults = faults.withDuplicateReports();
        }
        if (i % 50 == 23) {
            faults = faults.withLateReports(Duration.ofSeconds(2));
        }
        if (i % 3 == 0) {
            faults = faults.withFailingTrial("speech");
        }
        faults = faults.withRegression("anomaly");
        boolean jetson = i % 10 == 9;
        Map<String, String> models = new LinkedHashMap<>();
        models.put("vision", "1.0.0");
        models.put("speech", "1.0.0");
        models.put("anomaly", "1.0.0");
        return new GatewayProfile(FLEET, String.format(Locale.ROOT, "gw-%05d", i), List.of(GROUP),
                jetson ? "jetson" : "edge-box", jetson ? "aarch64" : "x86_64", "Linux", 512, List.of("cpu"), "0.1.0",
                models, faults);
    }

    private static Map<String, Path> packages(Path work) throws IOException {
        Path dir = Files.createDirectories(work.resolve("packages"));
        Map<String, Path> files = new LinkedHashMap<>();
        for (String model : List.of("vision", "speech", "anomaly")) {
            byte[] mgp = SimulatedPackage.of(model, "1.1.0", "{\"cpu\": [\"x86_64\"]}", 150_000);
            files.put(model, Files.write(dir.resolve(SimulatedPackage.fileName(model, "1.1.0")), mgp));
        }
        return files;
    }

    // ---- plans ----

    private static QualityGate errorRateGate() {
        return new QualityGate(GateMetric.ERROR_RATE, 0.05, 2 * TelemetryProfile.REQUESTS_PER_PERIOD, Duration.ofSeconds(3),
                Duration.ofSeconds(60));
    }

    private static RolloutPlan healthyPlan(Path file) {
        return RolloutPlan.of(file, DeviceQuery.group(GROUP)).withStages(StagePlan.explicit("1", "5%", "25%", "100%"))
                .withAbort(new AbortCriteria(10, 5, Duration.ofSeconds(45))).withGates(List.of(errorRateGate()))
                .withProduction(true).withDescription("bench: healthy");
    }

    private static RolloutPlan trialPlan(Path file) {
        return RolloutPlan.of(file, DeviceQuery.group(GROUP)).withStages(StagePlan.exponential(4, 2.0))
                .withAbort(new AbortCriteria(20, 10, Duration.ofSeconds(45))).withDescription("bench: trial failures");
    }

    private static RolloutPlan regressionPlan(Path file) {
        return RolloutPlan.of(file, DeviceQuery.group(GROUP)).withStages(StagePlan.explicit("5%", "25%", "100%"))
                .withAbort(new AbortCriteria(10, 5, Duration.ofSeconds(45))).withGates(List.of(errorRateGate()))
                .withDescription("bench: quality regression");
    }

    private PlanRow runPlan(FleetEngine controller, FleetBroker broker, String name, RolloutPlan plan, SigningKey approver,
            long heapBeforeController) throws InterruptedException {
        Rollout rollout = controller.create(plan, "ops-a");
        if (approver != null) {
            rollout = controller.approve(rollout.id(), "ops-b", RolloutApproval.sign(rollout, approver.privateKey()));
        }
        long messages = broker.messages();
        long start = System.nanoTime();
        controller.start(rollout.id(), "bench " + name);
        long deadline = start + PLAN_LIMIT.toNanos();
        while (!(rollout = controller.rollout(rollout.id()).orElseThrow()).state().ended() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Duration time = Duration.ofNanos(System.nanoTime() - start);
        // an aborted rollout is over once the devices it updated are back: the controller rolls them back after ABORTED
        while (rollout.state() == RolloutState.ABORTED && (rollout.count(DeviceOutcome.Outcome.UPDATED) > 0
                || rollout.count(DeviceOutcome.Outcome.DEPLOYING) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            rollout = controller.rollout(rollout.id()).orElseThrow();
        }
        Duration settled = Duration.ofNanos(System.nanoTime() - start);
        double perSecond = (broker.messages() - messages) / Math.max(1e-9, seconds(settled));
        long heap = usedHeapAfterGc() - heapBeforeController;
        String outcome = rollout.state() == RolloutState.COMPLETED ? "completed"
                : rollout.state() == RolloutState.ABORTED ? "aborted" : "still " + rollout.state() + " after " + PLAN_LIMIT;
        return new PlanRow(name, outcome, time, settled, perSecond, heap, rollout);
    }

    private String row(PlanRow row) {
        Rollout r = row.rollout();
        return String.format(Locale.ROOT, "| %d | %s | **%s** | %.1f | %.1f | %.0f | %.1f | %d / %d / %d / %d / %d / %d |%n",
                agents, row.plan(), row.outcome(), seconds(row.time()), seconds(row.settled()), row.messagesPerSecond(),
                row.heapBytes() / 1048576.0,
                r.count(DeviceOutcome.Outcome.UPDATED), r.count(DeviceOutcome.Outcome.FAILED),
                r.count(DeviceOutcome.Outcome.TIMED_OUT), r.count(DeviceOutcome.Outcome.ROLLED_BACK),
                r.count(DeviceOutcome.Outcome.ROLLBACK_FAILED), r.skipped().size());
    }

    private Duration awaitRegistry(FleetEngine controller) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(5).toNanos();
        while (controller.devices(DeviceQuery.group(GROUP)).size() < agents && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    // ---- measuring ----

    /** Live heap: the smallest of three readings, each right after a full collection. */
    private static long usedHeapAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void writePublicKey(SigningKey key, Path pem) throws IOException {
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }
}
