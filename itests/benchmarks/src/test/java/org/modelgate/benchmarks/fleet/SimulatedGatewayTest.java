package org.modelgate.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.modelgate.security.SigningKey;

/**
 * Feature: a simulated gateway speaks the agent's protocol, so a fleet controller cannot tell it from a real agent on
 * the wire. A real broker (HiveMQ CE embedded) and a Paho controller that signs with a controller key the gateway
 * trusts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedGatewayTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private FleetBroker broker;
    private SigningKey controllerKey;
    private ControllerTrust trust;
    private FleetRuntime runtime;
    private WireController controller;
    private final List<SimulatedGateway> started = new ArrayList<>();
    private int ids;

    @BeforeAll
    void givenABrokerAndAControllerKeyTheGatewaysTrust() throws Exception {
        broker = FleetBroker.start(Files.createDirectories(Path.of("target", "brokers", "sim-" + System.nanoTime())));
        controllerKey = SigningKey.generate();
        trust = new ControllerTrust().trust("ops", controllerKey.publicKey());
        runtime = new FleetRuntime(4);
        controller = new WireController(broker.uri(), controllerKey.privateKey(), controllerKey.hint());
    }

    @AfterEach
    void stopTheGateways() {
        started.forEach(SimulatedGateway::close);
        started.clear();
    }

    @AfterAll
    void stopEverything() throws Exception {
        controller.close();
        runtime.close();
        broker.close();
    }

    @Test
    void theKeyHintIsTheTrustStoresHint() {
        assertThat(ControllerTrust.hint(controllerKey.publicKey())).isEqualTo(controllerKey.hint());
    }

    @Test
    void itReportsOnlineAndARetainedStateWithItsFactsAndModels() throws Exception {
        controller.listen("modelgate/sim/gw-state/state");
        givenGateway(profile("gw-state").withHardware("jetson", "aarch64"));
        JsonNode state = controller.next("modelgate/sim/gw-state/state", WAIT).json();
        try (WireController later = new WireController(broker.uri(), controllerKey.privateKey(), "ops")) {
            later.listen("modelgate/sim/gw-state/status");
            WireController.Received status = later.next("modelgate/sim/gw-state/status", WAIT);
            assertThat(status.text()).isEqualTo("online");
            assertThat(status.retained()).as("retained (delivered to a later subscriber)").isTrue();
        }
        assertThat(state.path("fleet").asText()).isEqualTo("sim");
        assertThat(state.path("device").asText()).isEqualTo("gw-state");
        assertThat(state.path("facts").path("device_type").asText()).isEqualTo("jetson");
        assertThat(state.path("facts").path("cpu").asText()).isEqualTo("aarch64");
        assertThat(state.path("models").get(0).path("name").asText()).isEqualTo("iris");
        assertThat(state.path("models").get(0).path("version").asText()).isEqualTo("1.0.0");
    }

    @Test
    void aSignedChunkedDeployIsReassembledHashCheckedInstalledAndActivatedAndItsReplayGetsTheFirstAnswer() throws Exception {
        SimulatedGateway gateway = givenGateway(profile("gw-deploy"));
        byte[] mgp = SimulatedPackage.of("iris", "1.1.0", null, 5000);
        int chunk = mgp.length / 3 + 1;
        JsonNode first = deployChunk("gw-deploy", mgp, "t1", 0, chunk, ChunkAssembly.sha256(mgp));
        assertThat(first.path("ok").asBoolean()).as("%s", first).isTrue();
        assertThat(first.path("result").path("transfer").path("received").asLong()).isEqualTo(chunk);

        JsonNode outOfOrder = deployChunk("gw-deploy", mgp, "t1", 2 * chunk, chunk, ChunkAssembly.sha256(mgp));
        assertThat(outOfOrder.path("error").asText()).contains("send the chunk at offset " + chunk);

        byte[] second = chunkEnvelope(mgp, "t1", chunk, chunk, ChunkAssembly.sha256(mgp), false);
        JsonNode secondAnswer = controller.send(topic("gw-deploy"), "deploy", second, true, WAIT);
        JsonNode last = deployChunk("gw-deploy", mgp, "t1", 2 * chunk, chunk, ChunkAssembly.sha256(mgp));
        assertThat(last.path("result").path("installed").path("version").asText()).as("%s", last).isEqualTo("1.1.0");
        assertThat(last.path("result").path("model").path("active").asText()).isEqualTo("1.1.0");
        assertThat(gateway.activeVersion("iris")).isEqualTo("1.1.0");

        JsonNode replay = controller.send(topic("gw-deploy"), "deploy", second, true, WAIT);
        assertThat(replay).as("the replay gets the first answer, the transfer is not reopened").isEqualTo(secondAnswer);
    }

    @Test
    void aPackageWhoseHashDoesNotMatchIsDiscardedAndAnUnsignedCommandIsRefused() throws Exception {
        SimulatedGateway gateway = givenGateway(profile("gw-bad"));
        byte[] mgp = SimulatedPackage.of("iris", "1.2.0", null, 100);
        JsonNode wrongHash = deployChunk("gw-bad", mgp, "t2", 0, mgp.length, ChunkAssembly.sha256(new byte[1]));
        assertThat(wrongHash.path("error").asText()).contains("it was discarded and nothing was installed");
        assertThat(gateway.versions("iris")).containsExactly("1.0.0");

        byte[] unsigned = WireController.envelope(nextId(), Instant.now().plusSeconds(600), Map.of("model", "iris"));
        JsonNode refused = controller.send(topic("gw-bad"), "rollback", unsigned, false, WAIT);
        assertThat(refused.path("error").asText()).contains("must be signed by a controller key");

        SigningKey stranger = SigningKey.generate();
        WireController other = new WireController(broker.uri(), stranger.privateKey(), "ops");
        try {
            JsonNode forged = other.order(topic("gw-bad"), "rollback", nextId(), Map.of("model", "iris"), WAIT);
            assertThat(forged.path("error").asText()).startsWith("bad signature: it does not verify with controller key 'ops'");
        } finally {
            other.close();
        }
        byte[] expired = WireController.envelope(nextId(), Instant.now().minusSeconds(60), Map.of("model", "iris"));
        assertThat(controller.send(topic("gw-bad"), "rollback", expired, true, WAIT).path("error").asText())
                .startsWith("expired at ");
    }

    @Test
    void anAnswerCarriesTheCorrelationDataAndTheDeviceAndAStatusNeedsNoSignature() throws Exception {
        givenGateway(profile("gw-status"));
        MqttMessage answer = controller.sendRaw(topic("gw-status"), "status",
                WireController.envelope(nextId(), null, Map.of()), false, WAIT);
        assertThat(answer.getProperties().getCorrelationData()).isNotNull();
        assertThat(answer.getProperties().getUserProperties()).anySatisfy(p -> {
            assertThat(p.getKey()).isEqualTo("device");
            assertThat(p.getValue()).isEqualTo("gw-status");
        });
        String text = new String(answer.getPayload(), StandardCharsets.UTF_8);
        assertThat(text).contains("\"ok\":true").contains("\"uptime_seconds\"");
    }

    @Test
    void aGatewayThatFailsItsTrialStaysOnItsVersionAndOnlyRollbackGoesBelowTheCommittedVersion() throws Exception {
        SimulatedGateway failing = givenGateway(profile("gw-fail").withFaults(Faults.NONE.withFailingTrial()));
        byte[] mgp = SimulatedPackage.of("iris", "1.1.0", null, 100);
        JsonNode failed = deployChunk("gw-fail", mgp, "t3", 0, mgp.length, ChunkAssembly.sha256(mgp));
        assertThat(failed.path("error").asText()).startsWith("activating iris 1.1.0 (it stays installed): trial failed");
        assertThat(failing.activeVersion("iris")).isEqualTo("1.0.0");
        assertThat(failing.versions("iris")).contains("1.1.0");

        SimulatedGateway healthy = givenGateway(profile("gw-back"));
        deployChunk("gw-back", mgp, "t4", 0, mgp.length, ChunkAssembly.sha256(mgp));
        assertThat(healthy.activeVersion("iris")).isEqualTo("1.1.0");
        JsonNode below = controller.order(topic("gw-back"), "activate", nextId(), Map.of("model", "iris", "version", "1.0.0"),
                WAIT);
        assertThat(below.path("error").asText()).as("as the registry: only rollback goes below the committed version")
                .contains("is below the committed version 1.1.0; going back needs an explicit rollback");
        assertThat(healthy.activeVersion("iris")).isEqualTo("1.1.0");
        JsonNode back = controller.order(topic("gw-back"), "rollback", nextId(), Map.of("model", "iris"), WAIT);
        assertThat(back.path("result").path("active").asText()).as("%s", back).isEqualTo("1.0.0");
        assertThat(healthy.activeVersion("iris")).isEqualTo("1.0.0");
    }

    @Test
    void aSilentGatewayNeverAnswers() throws Exception {
        givenGateway(profile("gw-silent").withFaults(Faults.NONE.withSilence()));
        assertThat(controller.send(topic("gw-silent"), "status", WireController.envelope(nextId(), null, Map.of()), false,
                Duration.ofSeconds(3))).isNull();
    }

    @Test
    void aCrashedGatewayIsOfflineByItsLastWill() throws Exception {
        SimulatedGateway gateway = givenGateway(profile("gw-crash"));
        controller.listen("modelgate/sim/gw-crash/status");
        assertThat(controller.next("modelgate/sim/gw-crash/status", WAIT).text()).isEqualTo("online");
        gateway.crash();
        awaitStatus("gw-crash", "offline");
    }

    @Test
    void aRegressingGatewayReportsWorseQualityForTheUpdateInItsTelemetry() throws Exception {
        SimulatedGateway gateway = givenGateway(profile("gw-worse").withFaults(Faults.NONE.withRegression()));
        gateway.startTelemetry(200);
        controller.listen("modelgate/sim/gw-worse/telemetry");
        JsonNode before = controller.next("modelgate/sim/gw-worse/telemetry", WAIT).json();
        assertThat(before.path("models").get(0).path("p95Ms").asDouble()).isEqualTo(TelemetryProfile.HEALTHY.p95Ms());
        byte[] mgp = SimulatedPackage.of("iris", "1.1.0", null, 100);
        deployChunk("gw-worse", mgp, "t5", 0, mgp.length, ChunkAssembly.sha256(mgp));
        JsonNode after = awaitTelemetryRow("gw-worse", "1.1.0");
        assertThat(after.path("p95Ms").asDouble()).isEqualTo(TelemetryProfile.REGRESSED.p95Ms());
        assertThat(after.path("accuracy").asDouble()).isLessThan(TelemetryProfile.HEALTHY.accuracy());
        WireController.Received raw = controller.next("modelgate/sim/gw-worse/telemetry", WAIT);
        assertThat(raw.userProperty("seq")).as("a sequence number receivers de-duplicate on").isNotNull();
    }

    @Test
    void aGatewayWithDuplicateAndLateReportsSendsEachTwiceAndLate() throws Exception {
        controller.listen("modelgate/sim/gw-dup/status");
        Instant before = Instant.now();
        givenGateway(profile("gw-dup").withFaults(Faults.NONE.withDuplicateReports().withLateReports(Duration.ofSeconds(1))));
        assertThat(controller.next("modelgate/sim/gw-dup/status", WAIT).text()).isEqualTo("online");
        assertThat(Duration.between(before, Instant.now())).as("late").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(controller.next("modelgate/sim/gw-dup/status", WAIT).text()).as("and again").isEqualTo("online");
    }

    // ---- steps ----

    private GatewayProfile profile(String device) {
        return GatewayProfile.typical("sim", device, "iris", "1.0.0");
    }

    private SimulatedGateway givenGateway(GatewayProfile profile) throws Exception {
        SimulatedGateway gateway = new SimulatedGateway(profile, trust, runtime);
        gateway.connect(broker.uri());
        started.add(gateway);
        return gateway;
    }

    /** Skips what came before (a live copy of the retained online may follow it) until the status is {@code text}. */
    private void awaitStatus(String device, String text) throws Exception {
        WireController.Received r;
        do {
            r = controller.next("modelgate/sim/" + device + "/status", WAIT);
            assertThat(r).as("status %s of %s within %s", text, device, WAIT).isNotNull();
        } while (!r.text().equals(text));
    }

    private JsonNode awaitTelemetryRow(String device, String version) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            WireController.Received r = controller.next("modelgate/sim/" + device + "/telemetry", WAIT);
            for (JsonNode row : r.json().path("models")) {
                if (row.path("version").asText().equals(version) && row.path("active").asBoolean()) {
                    return row;
                }
            }
        }
        throw new AssertionError("no telemetry row for " + version);
    }

    private static String topic(String device) {
        return "modelgate/sim/" + device + "/";
    }

    private JsonNode deployChunk(String device, byte[] file, String transfer, int offset, int length, String sha256)
            throws Exception {
        JsonNode answer = controller.send(topic(device), "deploy", chunkEnvelope(file, transfer, offset, length, sha256, true),
                true, WAIT);
        assertThat(answer).as("an answer from %s", device).isNotNull();
        return answer;
    }

    private byte[] chunkEnvelope(byte[] file, String transfer, int offset, int length, String sha256, boolean activate)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transfer", transfer);
        body.put("file", "iris.mgp");
        body.put("size", file.length);
        body.put("sha256", sha256);
        body.put("offset", offset);
        body.put("data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(file, offset,
                Math.min(file.length, offset + length))));
        body.put("activate", activate || offset + length >= file.length);
        return WireController.envelope(nextId(), Instant.now().plusSeconds(600), body);
    }

    private String nextId() {
        return "sim-" + ++ids + "-" + System.nanoTime();
    }
}
