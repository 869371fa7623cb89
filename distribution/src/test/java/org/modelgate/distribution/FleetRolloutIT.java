package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.modelgate.fleet.AbortCriteria;
import org.modelgate.fleet.ControllerKey;
import org.modelgate.fleet.DeviceOutcome;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetSettings;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.StagePlan;
import org.modelgate.fleet.internal.FleetEngine;
import org.modelgate.security.SigningKey;

/**
 * Feature: a fleet controller rolls a signed model package out to real gateways. Debian's mosquitto on a free port
 * (skipped, saying why, where it is not installed); three packaged gateways ({@code gw1}, {@code gw2}, {@code gw3}),
 * each unpacked into its own folder with {@code deploy/org.modelgate.remote.mqtt.cfg} naming the broker, fleet
 * {@code it}, group {@code line}; the controller's public key in each {@code etc/trust/controller/}, vendor A's
 * model-signer key in each {@code etc/trust/model-signer/}, vendor B's only in gw1's. The controller is
 * org.modelgate.fleet's {@link FleetEngine} in this JVM (its plain constructor), with a state folder of its own.
 *
 * <p>In order: iris 1.1.0 (vendor A) in two stages reaches every gateway; iris 1.2.0 signed by vendor B is refused
 * by gw2 and gw3, so the rollout aborts at its threshold and gw1, updated in the first stage, is rolled back to
 * 1.1.0; iris 1.3.0 (vendor A) in three stages, the controller closed after the first device and a new one started
 * on the same state folder, which resumes the rollout to the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetRolloutIT {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final List<String> DEVICES = List.of("gw1", "gw2", "gw3");
    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration ROLLOUT = Duration.ofMinutes(6);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;
    private Process broker;
    private int brokerPort;
    private final Map<String, UnpackedDistribution> homes = new LinkedHashMap<>();
    private final Map<String, PackagedGateway> gateways = new LinkedHashMap<>();
    private SigningKey controllerKey;
    private SigningKey vendorA;
    private SigningKey vendorB;
    private FleetEngine controller;
    private Path stateDir;

    @BeforeAll
    void givenThreeGatewaysOnMosquittoAndAController() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(MOSQUITTO),
                "skipping: /usr/sbin/mosquitto is not installed (apt-get install mosquitto)");
        controllerKey = SigningKey.generate();
        vendorA = SigningKey.generate();
        vendorB = SigningKey.generate();
        for (String device : DEVICES) {
            UnpackedDistribution home = UnpackedDistribution.unpack("fleet-" + device);
            homes.put(device, home);
            Path etc = home.home().resolve("etc");
            writePublicKey(controllerKey, etc.resolve("trust/controller/ops.pem"));
            writePublicKey(vendorA, etc.resolve("trust/model-signer/vendor-a.pem"));
            if (device.equals("gw1")) {
                writePublicKey(vendorB, etc.resolve("trust/model-signer/vendor-b.pem"));
            }
        }
        work = homes.get("gw1").work();
        brokerPort = freePort();
        Path conf = Files.writeString(work.resolve("mosquitto.conf"),
                "listener " + brokerPort + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("mosquitto.log").toFile()).start();
        for (String device : DEVICES) {
            Files.writeString(homes.get(device).home().resolve("deploy/org.modelgate.remote.mqtt.cfg"),
                    "brokerUri=tcp://127.0.0.1:" + brokerPort + "\nfleet=it\ndevice=" + device
                            + "\ngroups=line\ntelemetrySeconds=2\n");
        }
        startGatewaysTogether();
        stateDir = Files.createDirectories(work.resolve("controller-state"));
        controller = newController();
        awaitRegistryOfAllGatewaysOnIris("1.0.0");
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (controller != null) {
            controller.close();
        }
        for (PackagedGateway g : gateways.values()) {
            g.killLeftover();
        }
        if (broker != null && broker.isAlive()) {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void aTwoStageRolloutOfASignedPackageReachesEveryGateway() throws Exception {
        Path mgp = signedIrisPackage("1.1.0", vendorA, "vendor-a");
        Rollout created = controller.create(RolloutPlan.of(mgp, DeviceQuery.group("line"))
                .withStages(StagePlan.explicit("1", "100%")).withAbort(new AbortCriteria(34, 1, Duration.ofMinutes(3))),
                "ops");
        assertThat(created.stages()).as("two stages: %s", created.stages()).hasSize(2);
        assertThat(created.targetDevices()).isEqualTo(3);

        Rollout done = whenStartedAndEnded(created);

        assertThat(done.state()).as("rollout: %s", done).isEqualTo(RolloutState.COMPLETED);
        assertThat(done.count(DeviceOutcome.Outcome.UPDATED)).isEqualTo(3);
        for (String device : DEVICES) {
            assertThat(servedVersion(device)).as("%s serves", device).isEqualTo("1.1.0");
        }
    }

    @Test
    @Order(2)
    void aPackageRefusedBySomeGatewaysAbortsAtTheThresholdAndTheUpdatedOnesGoBack() throws Exception {
        Path mgp = signedIrisPackage("1.2.0", vendorB, "vendor-b");
        Rollout created = controller.create(RolloutPlan.of(mgp, DeviceQuery.group("line"))
                .withStages(StagePlan.explicit("1", "100%")).withAbort(new AbortCriteria(40, 2, Duration.ofMinutes(3))),
                "ops");

        Rollout aborted = whenStartedAndEnded(created);
        assertThat(aborted.state()).as("rollout: %s", aborted).isEqualTo(RolloutState.ABORTED);

        // the controller rolls the updated devices back after it aborted
        Rollout done = awaitRollout(created.id(), r -> r.count(DeviceOutcome.Outcome.UPDATED) == 0
                && r.count(DeviceOutcome.Outcome.DEPLOYING) == 0);
        Map<String, DeviceOutcome> outcomes = outcomes(done);
        assertThat(outcomes.get("gw1").outcome()).as("gw1 was updated in stage 1, then rolled back: %s", outcomes)
                .isEqualTo(DeviceOutcome.Outcome.ROLLED_BACK);
        assertThat(outcomes.get("gw2").outcome()).as("%s", outcomes).isEqualTo(DeviceOutcome.Outcome.FAILED);
        assertThat(outcomes.get("gw3").outcome()).as("%s", outcomes).isEqualTo(DeviceOutcome.Outcome.FAILED);
        assertThat(outcomes.get("gw2").reason()).as("the gateway's own refusal").contains("unknown-key").contains("which the trust store does not hold");
        for (String device : DEVICES) {
            assertThat(servedVersion(device)).as("%s is back on (or never left) the previous version", device)
                    .isEqualTo("1.1.0");
        }
    }

    @Test
    @Order(3)
    void aControllerStoppedMidRolloutIsReplacedByOneOnTheSameStateThatResumesIt() throws Exception {
        Path mgp = signedIrisPackage("1.3.0", vendorA, "vendor-a");
        Rollout created = controller.create(RolloutPlan.of(mgp, DeviceQuery.group("line"))
                .withStages(StagePlan.explicit("1", "2", "3")).withAbort(new AbortCriteria(34, 1, Duration.ofMinutes(3))),
                "ops");
        controller.start(created.id(), "it: resume after a restart");
        Rollout atKill = awaitRollout(created.id(), r -> r.count(DeviceOutcome.Outcome.UPDATED) >= 1 || r.state().ended());
        assertThat(atKill.state()).as("mid-rollout when the controller goes: %s", atKill).isEqualTo(RolloutState.RUNNING);

        controller.close();
        controller = newController();

        Rollout done = awaitRollout(created.id(), r -> r.state().ended());
        assertThat(done.state()).as("rollout after the restart: %s", done).isEqualTo(RolloutState.COMPLETED);
        assertThat(done.count(DeviceOutcome.Outcome.UPDATED)).isEqualTo(3);
        for (String device : DEVICES) {
            assertThat(servedVersion(device)).as("%s serves", device).isEqualTo("1.3.0");
        }
    }

    // ---- steps ----

    private FleetEngine newController() {
        FleetEngine engine = new FleetEngine(FleetSettings.of("tcp://127.0.0.1:" + brokerPort, "it", stateDir, null)
                .withCommandTimeout(Duration.ofSeconds(30)), Clock.systemUTC(),
                new ControllerKey(controllerKey.hint(), controllerKey.privateKey()), null);
        engine.start();
        return engine;
    }

    private void startGatewaysTogether() throws Exception {
        for (String device : DEVICES) {
            // its own HTTP and SSH ports: other gateways (other tests, other builds on this machine) may hold the defaults
            gateways.put(device, PackagedGateway.start(homes.get(device), device + ".log", freePort(),
                    "-Dmodelgate.ssh.port=" + freePort()));
        }
        ExecutorService waiting = Executors.newFixedThreadPool(DEVICES.size());
        try {
            List<Future<?>> ready = new ArrayList<>();
            for (PackagedGateway g : gateways.values()) {
                ready.add(waiting.submit(() -> {
                    g.awaitStarted(START);
                    g.awaitIrisReady(START);
                    return null;
                }));
            }
            for (Future<?> f : ready) {
                f.get();
            }
        } finally {
            waiting.shutdownNow();
        }
    }

    private void awaitRegistryOfAllGatewaysOnIris(String version) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            long ready = controller.devices(DeviceQuery.group("line")).stream().filter(d -> d.online()
                    && d.model("iris").map(m -> m.active().equals(version)).orElse(false)).count();
            if (ready == DEVICES.size()) {
                return;
            }
            assertThat(System.nanoTime()).as("the controller's registry holds the three gateways on iris %s: %s", version,
                    controller.devices(DeviceQuery.all())).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private Rollout whenStartedAndEnded(Rollout created) throws InterruptedException {
        controller.start(created.id(), "it");
        return awaitRollout(created.id(), r -> r.state().ended());
    }

    private Rollout awaitRollout(String id, java.util.function.Predicate<Rollout> until) throws InterruptedException {
        long deadline = System.nanoTime() + ROLLOUT.toNanos();
        while (true) {
            Rollout r = controller.rollout(id).orElseThrow(() -> new AssertionError("no rollout " + id));
            if (until.test(r)) {
                return r;
            }
            assertThat(System.nanoTime()).as("rollout %s within %s: %s%n%s", id, ROLLOUT, r, logs()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static Map<String, DeviceOutcome> outcomes(Rollout rollout) {
        Map<String, DeviceOutcome> outcomes = new LinkedHashMap<>();
        rollout.stages().forEach(s -> s.devices().forEach(d -> outcomes.put(d.device(), d)));
        return outcomes;
    }

    /** The version that answers a REST inference request on the gateway (its {@code model_version}). */
    private String servedVersion(String device) throws IOException, InterruptedException {
        HttpResponse<String> response = gateways.get(device).post("/v2/models/iris/infer", PackagedGateway.IRIS_REQUEST,
                Duration.ofSeconds(30));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("model_version").asText();
    }

    private String logs() {
        StringBuilder text = new StringBuilder();
        gateways.forEach((device, g) -> {
            String log = g.logText();
            text.append("---- ").append(device).append(" (last 3000 characters)\n")
                    .append(log.substring(Math.max(0, log.length() - 3000))).append('\n');
        });
        return text.toString();
    }

    // ---- packages and keys ----

    /** The demo model as {@code version}, packed and signed by {@code bin/mgpack} with a vendor's key. */
    private Path signedIrisPackage(String version, SigningKey vendor, String vendorName) throws Exception {
        UnpackedDistribution any = homes.get("gw1");
        Path key = work.resolve(vendorName + ".key.pem");
        if (!Files.exists(key)) {
            vendor.writePemFile(key);
        }
        Path folder = Files.createDirectories(work.resolve("iris-" + version));
        try (Stream<Path> files = Files.list(any.home().resolve("models/iris/1.0.0"))) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("model.sig")).toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        Path modelJson = folder.resolve("model.json");
        String json = Files.readString(modelJson);
        assertThat(json).contains("\"version\": \"1.0.0\"");
        Files.writeString(modelJson, json.replace("\"version\": \"1.0.0\"", "\"version\": \"" + version + "\""));
        Path out = work.resolve("packages");
        Process mgpack = new ProcessBuilder(any.home().resolve("bin/mgpack").toString(), "pack", folder.toString(),
                "--key", key.toString(), "--out", out.toString()).redirectErrorStream(true).start();
        String output = new String(mgpack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mgpack.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(mgpack.exitValue()).as(output).isZero();
        return out.resolve("iris-" + version + ".mgp");
    }

    private static void writePublicKey(SigningKey key, Path pem) throws IOException {
        Files.createDirectories(pem.getParent());
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }
}
