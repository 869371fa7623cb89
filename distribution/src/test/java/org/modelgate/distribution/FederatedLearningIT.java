package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.modelgate.fleet.ControllerKey;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetSettings;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.internal.FleetEngine;
import org.modelgate.fleet.internal.federated.Aggregator;
import org.modelgate.fleet.internal.federated.FederatedPlan;
import org.modelgate.fleet.internal.federated.ModelResult;
import org.modelgate.fleet.internal.federated.RoundResult;
import org.modelgate.fleet.internal.federated.Training;
import org.modelgate.security.SigningKey;

/**
 * Feature: federated learning over the fleet link with real gateways. Debian's mosquitto on a free port (skipped,
 * saying why, where it is not installed); three packaged gateways with the {@code learn} feature added to the default
 * list, {@code deploy/org.modelgate.learn.client.cfg} enabling task {@code digits}, and each a shard of digits in
 * {@code data/learn/digits/part-1.csv} (a fifth of the rows is held out by the controller). The controller (fleet
 * engine and aggregator) runs in this JVM. Two rounds of FedAvg, then the global model is packed, signed with the
 * model-signer key the gateways trust, and canaried on gw1, whose REST API then serves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedLearningIT {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final List<String> DEVICES = List.of("gw1", "gw2", "gw3");
    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration TRAINING = Duration.ofMinutes(8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;
    private Process broker;
    private final Map<String, UnpackedDistribution> homes = new LinkedHashMap<>();
    private final Map<String, PackagedGateway> gateways = new LinkedHashMap<>();
    private SigningKey controllerKey;
    private SigningKey modelSigner;
    private FleetEngine controller;
    private Aggregator aggregator;
    private Path heldOut;
    private List<String> digits;
    private Training trained;

    @BeforeAll
    void givenThreeGatewaysWithShardsOfDigitsOnMosquitto() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(MOSQUITTO),
                "skipping: /usr/sbin/mosquitto is not installed (apt-get install mosquitto)");
        controllerKey = SigningKey.generate();
        modelSigner = SigningKey.generate();
        digits = digits();
        for (String device : DEVICES) {
            UnpackedDistribution home = UnpackedDistribution.unpack("federated-" + device);
            homes.put(device, home);
            Path etc = home.home().resolve("etc");
            writePublicKey(controllerKey, etc.resolve("trust/controller/ops.pem"));
            writePublicKey(modelSigner, etc.resolve("trust/model-signer/federated.pem"));
        }
        work = homes.get("gw1").work();
        List<String> held = new ArrayList<>();
        List<List<String>> shards = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0, k = 0; i < digits.size(); i++) {
            if (i % 5 == 0) {
                held.add(digits.get(i));
            } else {
                shards.get(k++ % 3).add(digits.get(i));
            }
        }
        heldOut = Files.write(work.resolve("held-out.csv"), held);
        int brokerPort = freePort();
        Path conf = Files.writeString(work.resolve("mosquitto.conf"),
                "listener " + brokerPort + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("mosquitto.log").toFile()).start();
        for (int g = 0; g < DEVICES.size(); g++) {
            String device = DEVICES.get(g);
            Path home = homes.get(device).home();
            Files.writeString(home.resolve("deploy/org.modelgate.remote.mqtt.cfg"), "brokerUri=tcp://127.0.0.1:"
                    + brokerPort + "\nfleet=it\ndevice=" + device + "\ngroups=line\ntelemetrySeconds=2\n");
            Files.writeString(home.resolve("deploy/org.modelgate.learn.client.cfg"), "tasks=digits\nmaxTrainingSeconds=60\n");
            Path data = Files.createDirectories(home.resolve("data/learn/digits"));
            Files.write(data.resolve("part-1.csv"), shards.get(g));
        }
        for (String device : DEVICES) {
            gateways.put(device, PackagedGateway.start(homes.get(device), device + ".log", freePort(),
                    "-Dmodelgate.ssh.port=" + freePort() + " -Dmodelgate.features=" + defaultFeatures(device) + ",learn"));
        }
        for (PackagedGateway g : gateways.values()) {
            g.awaitStarted(START);
        }
        Path stateDir = Files.createDirectories(work.resolve("controller-state"));
        controller = new FleetEngine(FleetSettings.of("tcp://127.0.0.1:" + brokerPort, "it", stateDir, null)
                .withCommandTimeout(Duration.ofSeconds(30)), Clock.systemUTC(),
                new ControllerKey(controllerKey.hint(), controllerKey.privateKey()), null);
        controller.start();
        aggregator = new Aggregator(controller.deviceCalls(), stateDir, Clock.systemUTC());
        aggregator.start();
        long deadline = System.nanoTime() + START.toNanos();
        while (controller.devices(DeviceQuery.group("line")).stream().filter(d -> d.online()).count() < DEVICES.size()) {
            assertThat(System.nanoTime()).as("the registry holds the three gateways online: %s%n%s",
                    controller.devices(DeviceQuery.all()), logs()).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (aggregator != null) {
            aggregator.close();
        }
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
    void twoRoundsOverTheThreeGatewaysTrainAModelThatGeneralises() throws Exception {
        float[] mean = new float[64];
        float[] std = new float[64];
        Arrays.fill(mean, 5f);
        Arrays.fill(std, 6f);
        FederatedPlan plan = FederatedPlan.of("digits", 64, 32, 10).withTarget(DeviceQuery.group("line"))
                .withStandardization(mean, std).withRounds(2, 1.0, 3, 3, Duration.ofMinutes(3))
                .withTraining(3, 32, 0.05, 60).withEvaluation(heldOut);

        Training begun = aggregator.begin(plan);
        long deadline = System.nanoTime() + TRAINING.toNanos();
        while (aggregator.training(begun.id()).orElseThrow().state() == Training.State.RUNNING) {
            assertThat(System.nanoTime()).as("the training ends: %s%n%s", begun.rounds(), logs()).isLessThan(deadline);
            Thread.sleep(500);
        }
        trained = aggregator.training(begun.id()).orElseThrow();

        assertThat(trained.state()).as("%s: %s", trained.reason(), trained.rounds()).isEqualTo(Training.State.COMPLETED);
        assertThat(trained.rounds()).hasSize(2);
        for (RoundResult r : trained.rounds()) {
            assertThat(r.outcome()).as("round %d: %s", r.round(), r.devices()).isEqualTo("aggregated");
            assertThat(r.accepted()).as("round %d: %s", r.round(), r.devices()).isEqualTo(3);
        }
        assertThat(trained.rounds().get(1).accuracy()).as("held-out accuracy after two rounds").isGreaterThan(0.85);
    }

    @Test
    @Order(2)
    void theGlobalModelSignedAndCanariedOnOneGatewayIsServedThere() throws Exception {
        assertThat(trained).as("the training of the first test").isNotNull();
        Path mgp = ModelResult.pack(trained, "digits", "1.0.0", modelSigner, work.resolve("releases"));
        Rollout started = ModelResult.canary(controller, mgp, DeviceQuery.parse("ids=gw1"), controllerKey.hint(), 0, 0,
                Duration.ZERO, Duration.ofMinutes(1), false);
        long deadline = System.nanoTime() + TRAINING.toNanos();
        Rollout r = started;
        while (!r.state().ended()) {
            assertThat(System.nanoTime()).as("the canary ends: %s%n%s", r, logs()).isLessThan(deadline);
            Thread.sleep(500);
            r = controller.rollout(started.id()).orElseThrow();
        }
        assertThat(r.state()).as("canary: %s%n%s", r, logs()).isEqualTo(RolloutState.COMPLETED);

        String row = digits.get(0);
        String pixels = row.substring(0, row.lastIndexOf(','));
        String request = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,64],\"datatype\":\"FP32\",\"data\":[" + pixels + "]}]}";
        HttpResponse<String> answer = gateways.get("gw1").post("/v2/models/digits/infer", request, Duration.ofSeconds(30));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.path("model_version").asText()).isEqualTo("1.0.0");
        assertThat(json.path("outputs").get(0).path("data")).as("ten class probabilities").hasSize(10);
        HttpResponse<String> elsewhere = gateways.get("gw2").post("/v2/models/digits/infer", request, Duration.ofSeconds(30));
        assertThat(elsewhere.statusCode()).as("only the canary has it: %s", elsewhere.body()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void aWorseModelCanariedWithAnAccuracyGateIsRolledBackOnTheGateway() throws Exception {
        assertThat(trained).as("the training of the first test").isNotNull();
        // one round at a learning rate that barely moves the random initial model: about chance on digits
        FederatedPlan poorPlan = trained.plan().withRounds(1, 1.0, 3, 3, Duration.ofMinutes(3)).withTraining(1, 32, 1e-7, 60);
        Training begun = aggregator.begin(poorPlan);
        long deadline = System.nanoTime() + TRAINING.toNanos();
        while (aggregator.training(begun.id()).orElseThrow().state() == Training.State.RUNNING) {
            assertThat(System.nanoTime()).as("the poor training ends%n%s", logs()).isLessThan(deadline);
            Thread.sleep(500);
        }
        Training poor = aggregator.training(begun.id()).orElseThrow();
        assertThat(poor.state()).as(poor.reason()).isEqualTo(Training.State.COMPLETED);
        Path mgp = ModelResult.pack(poor, "digits", "1.1.0", modelSigner, work.resolve("releases"));

        Rollout started = ModelResult.canary(controller, mgp, DeviceQuery.parse("ids=gw1"), controllerKey.hint(), 0.8, 50,
                Duration.ofSeconds(1), Duration.ofMinutes(3), false);
        // labelled traffic on gw1 while the canary runs: each answer gets its true label through /feedback, so the
        // health monitor's accuracy reaches the telemetry the controller's gate reads
        List<String> held = Files.readAllLines(heldOut);
        Rollout r = started;
        int i = 0;
        deadline = System.nanoTime() + TRAINING.toNanos();
        while (!(r.state() == RolloutState.ABORTED && r.count(org.modelgate.fleet.DeviceOutcome.Outcome.UPDATED) == 0)
                && r.state() != RolloutState.COMPLETED) {
            assertThat(System.nanoTime()).as("the canary ends: %s%n%s", r, logs()).isLessThan(deadline);
            String row = held.get(i++ % held.size());
            String pixels = row.substring(0, row.lastIndexOf(','));
            String label = row.substring(row.lastIndexOf(',') + 1).trim();
            String request = "{\"id\":\"q-" + i + "\",\"inputs\":[{\"name\":\"input\",\"shape\":[1,64],"
                    + "\"datatype\":\"FP32\",\"data\":[" + pixels + "]}]}";
            HttpResponse<String> answer = gateways.get("gw1").post("/v2/models/digits/infer", request, Duration.ofSeconds(30));
            if (answer.statusCode() == 200) {
                String id = JSON.readTree(answer.body()).path("id").asText("q-" + i);
                gateways.get("gw1").managePost("/v2/models/digits/feedback", "{\"id\":\"" + id + "\",\"label\":\"" + label
                        + "\"}", Duration.ofSeconds(30));
            }
            r = controller.rollout(started.id()).orElseThrow();
        }
        assertThat(r.state()).as("canary: %s%n%s", r, logs()).isEqualTo(RolloutState.ABORTED);
        assertThat(r.reason()).as("%s", r).startsWith("stage 1: gate accuracy breached: ");
        assertThat(r.stages().get(0).devices().get(0).outcome()).as("%s", r)
                .isEqualTo(org.modelgate.fleet.DeviceOutcome.Outcome.ROLLED_BACK);
        String row = digits.get(0);
        String request = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,64],\"datatype\":\"FP32\",\"data\":["
                + row.substring(0, row.lastIndexOf(',')) + "]}]}";
        HttpResponse<String> answer = gateways.get("gw1").post("/v2/models/digits/infer", request, Duration.ofSeconds(30));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("model_version").asText()).as("gw1 serves the previous version again")
                .isEqualTo("1.0.0");
    }

    private String defaultFeatures(String device) throws IOException {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(homes.get(device).home().resolve("etc/modelgate.properties"))) {
            settings.load(reader);
        }
        return settings.getProperty("modelgate.features");
    }

    /** The digits data set the optimizer's tests keep in the repository (the module's folder is the working folder). */
    private static List<String> digits() throws IOException {
        Path file = Path.of("../bundles/org.modelgate.optimize/src/test/resources/data/digits.csv.gz");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return in.lines().filter(l -> !l.isBlank()).toList();
        }
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

    @Test
    @Order(4)
    void aSecureRoundOverTheThreeGatewaysAggregatesOnlyTheirSum() throws Exception {
        float[] mean = new float[64];
        float[] std = new float[64];
        Arrays.fill(mean, 5f);
        Arrays.fill(std, 6f);
        FederatedPlan plan = FederatedPlan.of("digits", 64, 32, 10).withTarget(DeviceQuery.group("line"))
                .withStandardization(mean, std).withRounds(1, 1.0, 3, 3, Duration.ofMinutes(3))
                .withTraining(3, 32, 0.05, 60).withEvaluation(heldOut).withValidation(50).withSecureAggregation(true);

        Training begun = aggregator.begin(plan);
        long deadline = System.nanoTime() + TRAINING.toNanos();
        while (aggregator.training(begun.id()).orElseThrow().state() == Training.State.RUNNING) {
            assertThat(System.nanoTime()).as("the secure training ends: %s%n%s", begun.rounds(), logs()).isLessThan(deadline);
            Thread.sleep(500);
        }
        Training secure = aggregator.training(begun.id()).orElseThrow();

        assertThat(secure.state()).as("%s: %s", secure.reason(), secure.rounds()).isEqualTo(Training.State.COMPLETED);
        RoundResult r = secure.rounds().get(0);
        assertThat(r.outcome()).as("%s", r.devices()).isEqualTo("aggregated");
        assertThat(r.accepted()).as("%s", r.devices()).isEqualTo(3);
        assertThat(r.accuracy()).as("held-out accuracy after one secure round").isGreaterThan(0.6);
    }

    private static void writePublicKey(SigningKey key, Path pem) throws IOException {
        Files.createDirectories(pem.getParent());
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }
}
