package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.modelgate.distribution.MqttController.Answer;
import org.modelgate.distribution.MqttController.Signer;
import org.modelgate.remote.CommandSignatures;
import org.modelgate.security.SigningKey;

/**
 * Feature: an operator manages the packaged gateway over MQTT v5 only. Debian's mosquitto runs on a free port (the
 * test is skipped, saying why, where it is not installed); the unpacked distribution gets
 * {@code deploy/org.modelgate.remote.mqtt.cfg} naming it (telemetry every second), the operator's controller key in
 * {@code etc/trust/controller/} and a vendor's model-signer key in {@code etc/trust/model-signer/}. The controller is
 * a Paho v5 client in this JVM that signs with {@link org.modelgate.remote.CommandSignatures}.
 *
 * <p>One gateway serves the whole story, in order: read-only answers and telemetry; refusals of bad requests and a
 * replay that does not run twice, all audited; a command signed here and sent from the shell by {@code mosquitto_rr}
 * ({@code -D PUBLISH user-property}); a signed model package sent in chunks, the gateway killed midway (a replay after
 * the crash gets the answer given before it) and the transfer resumed, installed and activated (REST serves the new
 * version); a package with a wrong hash refused; a second version as a shadow challenger while REST answers from the
 * champion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteOperatorIT {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final Path MOSQUITTO_RR = Path.of("/usr/bin/mosquitto_rr");
    private static final String DEVICE = "modelgate/it/gw1/";
    private static final Duration START = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private UnpackedDistribution distribution;
    private Process broker;
    private int brokerPort;
    private PackagedGateway gateway;
    private MqttController controller;
    private Signer operator;
    private SigningKey stranger;
    private byte[] iris110;
    private byte[] iris120;
    private int ids;

    @BeforeAll
    void givenTheGatewayManagedThroughMosquittoWithAControllerKeyAndSignedPackages() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(MOSQUITTO),
                "skipping: /usr/sbin/mosquitto is not installed (apt-get install mosquitto)");
        distribution = UnpackedDistribution.unpack("remote-operator");
        brokerPort = freePort();
        Path conf = Files.writeString(distribution.work().resolve("mosquitto.conf"),
                "listener " + brokerPort + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(distribution.work().resolve("mosquitto.log").toFile()).start();

        Path etc = distribution.home().resolve("etc");
        SigningKey controllerKey = SigningKey.generate();
        writePublicKey(controllerKey, etc.resolve("trust/controller/ops.pem"));
        operator = new Signer(controllerKey.privateKey(), controllerKey.hint());
        stranger = SigningKey.generate();
        iris110 = signedIrisPackage("1.1.0");
        iris120 = signedIrisPackage("1.2.0");

        Files.writeString(distribution.home().resolve("deploy/org.modelgate.remote.mqtt.cfg"),
                "brokerUri=tcp://127.0.0.1:" + brokerPort + "\nfleet=it\ndevice=gw1\ntelemetrySeconds=1\n");
        gateway = startGateway("gateway.log");
        controller = MqttController.connect(brokerPort, DEVICE);
        controller.askUntilAnswered("status", Map.of(), START);
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (controller != null) {
            controller.close();
        }
        if (gateway != null) {
            gateway.killLeftover();
        }
        if (broker != null && broker.isAlive()) {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void statusAndModelsAnswerWithWhatTheGatewayRuns() throws Exception {
        JsonNode status = controller.ask("status", nextId(), Map.of()).result();
        assertThat(status.path("backends").toString()).as("status: %s", status).contains("onnxruntime");
        assertThat(status.path("bundles").path("count").asInt()).as("status: %s", status).isGreaterThan(10);
        assertThat(status.path("safe_mode").path("active").asBoolean(true)).isFalse();

        JsonNode models = controller.ask("models", nextId(), Map.of()).result();
        JsonNode iris = byField(models, "name", "iris");
        assertThat(iris.path("state").asText()).as("models: %s", models).isEqualTo("ready");
        assertThat(iris.path("active").asText()).isEqualTo("1.0.0");
        assertThat(iris.path("backend").asText()).isEqualTo("onnxruntime");
    }

    @Test
    @Order(2)
    void telemetryArrivesOnTheDevicesTelemetryTopic() throws Exception {
        controller.listen("telemetry");
        JsonNode first = awaitTelemetryNamingIris();
        assertThat(first.path("device").asText()).isEqualTo("gw1");
        assertThat(first.path("gateway").path("modelsLoaded").asInt()).as("telemetry: %s", first).isGreaterThanOrEqualTo(1);
        JsonNode second = awaitTelemetryNamingIris();
        assertThat(Instant.parse(second.path("time").asText())).as("a later summary")
                .isAfter(Instant.parse(first.path("time").asText()));
    }

    @Test
    @Order(3)
    void badRequestsAreRefusedNamingTheProblemAndAReplayDoesNotRunTwice() throws Exception {
        String firstId = nextId();
        byte[] first = MqttController.envelope(firstId, Instant.now().plus(Duration.ofMinutes(10)), explainBudget(128));
        Answer set128 = controller.send("config", first, operator);
        assertThat(set128.result().path("properties").path("budget").asLong()).isEqualTo(128);
        controller.order("config", nextId(), explainBudget(64), operator).result();

        Answer replay = controller.send("config", first, operator);
        assertThat(replay.text()).as("the replay gets the first answer").isEqualTo(set128.text());
        assertThat(explainBudgetNow()).as("the replay did not set 128 again").isEqualTo(64);

        byte[] expired = MqttController.envelope(nextId(), Instant.now().minus(Duration.ofMinutes(1)), explainBudget(1));
        assertThat(controller.send("config", expired, operator).error()).startsWith("expired at ");
        byte[] unsigned = MqttController.envelope(nextId(), Instant.now().plus(Duration.ofMinutes(10)), explainBudget(2));
        assertThat(controller.send("config", unsigned, null).error())
                .contains("changes the gateway and must be signed by a controller key");
        assertThat(controller.order("config", nextId(), explainBudget(3), new Signer(stranger.privateKey(), stranger.hint()))
                .error()).startsWith("unknown key '" + stranger.hint() + "'");
        assertThat(controller.order("config", nextId(), explainBudget(4), new Signer(stranger.privateKey(), operator.keyName()))
                .error()).startsWith("bad signature: it does not verify with controller key 'ops'");

        assertThat(explainBudgetNow()).as("no refused command ran").isEqualTo(64);
        assertThat(controller.ask("status", nextId(), Map.of()).ok()).as("the agent keeps answering").isTrue();

        JsonNode audit = controller.ask("audit", nextId(), Map.of("count", 30)).result();
        List<String> outcomes = new ArrayList<>();
        audit.forEach(e -> {
            if (e.path("action").asText().equals("remote.command") && e.path("subject").asText().startsWith("config ")) {
                outcomes.add(e.path("actor").asText() + " " + e.path("details").path("outcome").asText());
            }
        });
        assertThat(outcomes).as("the audit log, as the controller reads it: %s", audit)
                .anySatisfy(o -> assertThat(o).startsWith("remote:ops replay: the first answer was sent again"))
                .anySatisfy(o -> assertThat(o).startsWith("remote:ops refused: expired at "))
                .anySatisfy(o -> assertThat(o).startsWith("remote refused: command 'config' changes the gateway"))
                .anySatisfy(o -> assertThat(o).startsWith("remote refused: unknown key"))
                .anySatisfy(o -> assertThat(o).startsWith("remote refused: bad signature"));
    }

    @Test
    @Order(4)
    void aCommandSignedHereAndSentFromTheShellByMosquittoRrRuns() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(MOSQUITTO_RR), "skipping: /usr/bin/mosquitto_rr is not installed"
                + " (apt-get install mosquitto-clients)");
        byte[] payload = MqttController.envelope(nextId(), Instant.now().plus(Duration.ofMinutes(10)), explainBudget(32));
        String signature = CommandSignatures.signBase64("config", payload, operator.privateKey());
        List<String> command = List.of(MOSQUITTO_RR.toString(), "-h", "127.0.0.1", "-p", Integer.toString(brokerPort),
                "-t", DEVICE + "cmd/config", "-e", "modelgate/it/shell/answers", "-m", new String(payload, StandardCharsets.UTF_8),
                "-D", "PUBLISH", "user-property", CommandSignatures.SIGNATURE_PROPERTY, signature,
                "-D", "PUBLISH", "user-property", CommandSignatures.KEY_PROPERTY, operator.keyName(), "-W", "60");
        Process rr = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(rr.waitFor(70, TimeUnit.SECONDS)).as("mosquitto_rr ends").isTrue();
        String output = new String(rr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(rr.exitValue()).as(output).isZero();

        JsonNode answer = JSON.readTree(output);
        assertThat(answer.path("ok").asBoolean()).as(output).isTrue();
        assertThat(answer.path("result").path("properties").path("budget").asLong()).isEqualTo(32);
        assertThat(explainBudgetNow()).isEqualTo(32);
    }

    @Test
    @Order(5)
    void aSignedPackageInChunksSurvivesAKilledGatewayAndIsInstalledAndActivated() throws Exception {
        int chunk = iris110.length / 4 + 1;
        String sha256 = sha256(iris110);
        assertThat(chunksOf(iris110, chunk)).as("package of %d bytes in chunks of %d", iris110.length, chunk)
                .isGreaterThanOrEqualTo(3);
        JsonNode progress = deploy(chunk(iris110, "t-110", "iris-1.1.0.mgp", sha256, 0, chunk)).result();
        assertThat(progress.path("transfer").path("complete").asBoolean(true)).isFalse();
        byte[] secondChunk = MqttController.envelope(nextId(), Instant.now().plus(Duration.ofMinutes(10)),
                chunk(iris110, "t-110", "iris-1.1.0.mgp", sha256, chunk, chunk));
        Answer beforeTheKill = controller.send("deploy", secondChunk, operator);
        assertThat(beforeTheKill.result().path("transfer").path("received").asLong()).isEqualTo(2L * chunk);

        whenTheGatewayIsKilledAndStartedAgain();

        assertThat(controller.send("deploy", secondChunk, operator).text())
                .as("a replay after the crash gets the answer given before it").isEqualTo(beforeTheKill.text());

        JsonNode resumed = deploy(Map.of("transfer", "t-110", "status", true)).result();
        assertThat(resumed.path("transfer").path("received").asLong()).as("resume: %s", resumed).isEqualTo(2L * chunk);
        String outOfOrder = deploy(chunk(iris110, "t-110", "iris-1.1.0.mgp", sha256, 3 * chunk, chunk)).error();
        assertThat(outOfOrder).contains("is out of order").contains("send the chunk at offset " + 2 * chunk);
        assertThat(irisVersions()).as("nothing installed yet").doesNotContain("1.1.0");

        JsonNode done = null;
        for (int offset = 2 * chunk; offset < iris110.length; offset += chunk) {
            Map<String, Object> body = chunk(iris110, "t-110", "iris-1.1.0.mgp", sha256, offset, chunk);
            body.put("activate", true);
            done = deploy(body).result();
        }
        assertThat(done.path("installed").path("model").asText()).as("last chunk: %s", done).isEqualTo("iris");
        assertThat(done.path("installed").path("version").asText()).isEqualTo("1.1.0");
        assertThat(done.path("activated").asBoolean()).isTrue();
        assertThat(done.path("model").path("active").asText()).isEqualTo("1.1.0");
        assertThat(inferVersion()).as("REST serves the new version").isEqualTo("1.1.0");
    }

    @Test
    @Order(6)
    void aPackageWhoseHashDoesNotMatchIsDiscardedWithNothingInstalled() throws Exception {
        String wrong = sha256("something else".getBytes(StandardCharsets.UTF_8));
        int chunk = iris120.length / 3 + 1;
        Answer refused = null;
        for (int offset = 0; offset < iris120.length; offset += chunk) {
            refused = deploy(chunk(iris120, "t-wrong-hash", "iris-1.2.0.mgp", wrong, offset, chunk));
        }
        assertThat(refused.error()).contains("it was discarded and nothing was installed");
        assertThat(irisVersions()).doesNotContain("1.2.0");
        JsonNode gone = deploy(Map.of("transfer", "t-wrong-hash", "status", true)).result();
        assertThat(gone.path("transfer").path("open").asBoolean(true)).as("%s", gone).isFalse();
    }

    @Test
    @Order(7)
    void aShadowChallengerRunsWhileRestAnswersFromTheChampion() throws Exception {
        JsonNode installed = deploy(chunk(iris120, "t-120", "iris-1.2.0.mgp", sha256(iris120), 0, iris120.length)).result();
        assertThat(installed.path("installed").path("version").asText()).as("%s", installed).isEqualTo("1.2.0");
        assertThat(installed.path("activated").asBoolean(true)).isFalse();

        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("challenger", "1.2.0");
        policy.put("mode", "shadow");
        policy.put("time_limit_seconds", 3600);
        JsonNode started = controller.order("traffic", nextId(),
                Map.of("action", "start", "model", "iris", "policy", policy), operator).result();
        assertThat(started.path("champion").asText()).as("%s", started).isEqualTo("1.1.0");
        assertThat(started.path("challenger").asText()).isEqualTo("1.2.0");
        assertThat(started.path("state").asText()).isEqualTo("running");
        assertThat(started.path("policy").path("mode").asText()).isEqualTo("shadow");

        for (int i = 0; i < 5; i++) {
            assertThat(inferVersion()).as("the caller gets the champion's answer").isEqualTo("1.1.0");
        }
        JsonNode status = awaitShadowCopies();
        assertThat(status.path("state").asText()).isEqualTo("running");
        assertThat(status.path("champion").asText()).isEqualTo("1.1.0");

        controller.listen("state");
        JsonNode traffic = awaitRetainedStateWithChallenger();
        assertThat(traffic.path("champion").asText()).isEqualTo("1.1.0");
    }

    // ---- the story's steps ----

    private PackagedGateway startGateway(String log) throws Exception {
        // its own SSH port too: other gateways (other tests, other builds on this machine) may hold the default
        PackagedGateway started = PackagedGateway.start(distribution, log, freePort(), "-Dmodelgate.ssh.port=" + freePort());
        started.awaitStarted(START);
        started.awaitIrisReady(START);
        return started;
    }

    private void whenTheGatewayIsKilledAndStartedAgain() throws Exception {
        gateway.kill();
        gateway = startGateway("gateway-after-kill.log");
        controller.askUntilAnswered("status", Map.of(), START);
    }

    private Answer deploy(Map<String, Object> body) throws Exception {
        return controller.order("deploy", nextId(), body, operator);
    }

    private JsonNode awaitTelemetryNamingIris() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            JsonNode message = controller.next("telemetry", Duration.ofSeconds(10));
            if (message != null && message.path("type").asText().equals("telemetry")
                    && message.path("models").toString().contains("\"model\":\"iris\"")) {
                return message;
            }
        }
        throw new AssertionError("no telemetry naming iris on " + DEVICE + "telemetry within a minute:\n" + gateway.logText());
    }

    private JsonNode awaitShadowCopies() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        JsonNode status;
        do {
            status = controller.order("traffic", nextId(), Map.of("action", "status", "model", "iris"), operator).result();
            if (status.path("challenger_requests").asLong() > 0) {
                return status;
            }
            assertThat(inferVersion()).as("the caller gets the champion's answer").isEqualTo("1.1.0");
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the shadow challenger saw no copy of a request within a minute: " + status);
    }

    /** The iris policy in the retained {@code state} (republished within seconds of a change). */
    private JsonNode awaitRetainedStateWithChallenger() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            JsonNode message = controller.next("state", Duration.ofSeconds(10));
            state = message == null ? state : message;
            if (message != null) {
                for (JsonNode policy : message.path("traffic")) {
                    if (policy.path("model").asText().equals("iris") && policy.path("challenger").asText().equals("1.2.0")) {
                        return policy;
                    }
                }
            }
        }
        throw new AssertionError("the retained state names no iris challenger 1.2.0 within a minute: " + state);
    }

    private String inferVersion() throws IOException, InterruptedException {
        HttpResponse<String> response = gateway.post("/v2/models/iris/infer", PackagedGateway.IRIS_REQUEST,
                Duration.ofSeconds(30));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("model_version").asText();
    }

    private List<String> irisVersions() throws Exception {
        JsonNode iris = controller.ask("models", nextId(), Map.of("model", "iris")).result();
        List<String> versions = new ArrayList<>();
        iris.path("versions").forEach(v -> versions.add(v.asText()));
        assertThat(versions).as("models iris: %s", iris).contains("1.0.0");
        return versions;
    }

    private long explainBudgetNow() throws Exception {
        JsonNode config = controller.order("config", nextId(), Map.of("pid", "org.modelgate.explain", "action", "get"),
                operator).result();
        return config.path("properties").path("budget").asLong();
    }

    private static Map<String, Object> explainBudget(int budget) {
        return Map.of("pid", "org.modelgate.explain", "action", "set", "properties", Map.of("budget", budget));
    }

    private String nextId() {
        return "op-" + ++ids + "-" + System.currentTimeMillis();
    }

    // ---- packages and keys ----

    /** The demo model as version {@code version}, packed and signed by {@code bin/mgpack} with a vendor's key. */
    private byte[] signedIrisPackage(String version) throws Exception {
        Path work = distribution.work();
        Path key = work.resolve("vendor.key.pem");
        if (!Files.exists(key)) {
            SigningKey vendor = SigningKey.generate();
            vendor.writePemFile(key);
            writePublicKey(vendor, distribution.home().resolve("etc/trust/model-signer/vendor.pem"));
        }
        Path folder = Files.createDirectories(work.resolve("iris-" + version));
        try (Stream<Path> files = Files.list(distribution.home().resolve("models/iris/1.0.0"))) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("model.sig")).toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        Path modelJson = folder.resolve("model.json");
        String json = Files.readString(modelJson);
        assertThat(json).contains("\"version\": \"1.0.0\"");
        Files.writeString(modelJson, json.replace("\"version\": \"1.0.0\"", "\"version\": \"" + version + "\""));
        Path out = work.resolve("packages");
        Process mgpack = new ProcessBuilder(distribution.home().resolve("bin/mgpack").toString(), "pack", folder.toString(),
                "--key", key.toString(), "--out", out.toString()).redirectErrorStream(true).start();
        String output = new String(mgpack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mgpack.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(mgpack.exitValue()).as(output).isZero();
        return Files.readAllBytes(out.resolve("iris-" + version + ".mgp"));
    }

    private static void writePublicKey(SigningKey key, Path pem) throws IOException {
        Files.createDirectories(pem.getParent());
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }

    private static Map<String, Object> chunk(byte[] file, String transfer, String name, String sha256, int offset, int length) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transfer", transfer);
        body.put("file", name);
        body.put("size", file.length);
        body.put("sha256", sha256);
        body.put("offset", offset);
        body.put("data", Base64.getEncoder().encodeToString(
                Arrays.copyOfRange(file, offset, Math.min(file.length, offset + length))));
        return body;
    }

    private static int chunksOf(byte[] file, int chunk) {
        return (file.length + chunk - 1) / chunk;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.path(field).asText().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }
}
