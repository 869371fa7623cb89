package org.modelgate.remote.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.mqtt.internal.AgentStatus;
import org.modelgate.remote.mqtt.internal.AgentUnderTest;

/**
 * Two agents behind mosquitto's per-device ACL keyed on the certificate identity: the controller commands both;
 * a group command reaches every device of the group and each answers on the group's reply topic, which no device
 * can read; device A's certificate cannot serve another device's topics (an agent configured as device-c with
 * device-a's certificate can neither publish its status nor receive its commands: its refused {@code online} counts
 * as a failed connect, and its status says what to fix), and
 * device A cannot command device B.
 */
class AgentAclTest {
    private static final Duration GENEROUS = Duration.ofSeconds(90);
    private static TestCertificates certificates;
    private static Mosquitto broker;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void givenMosquittoWithCertificateAcl() {
        Mosquitto.assumeInstalled();
        certificates = TestCertificates.in(Path.of("target/interop/certificates"));
        broker = Mosquitto.start(Path.of("target/interop/mosquitto-agent-acl"), certificates);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void theControllerCommandsBothDevices() throws Exception {
        givenConnectedAgent(TestCertificates.DEVICE_A, certificates.device(TestCertificates.DEVICE_A));
        givenConnectedAgent(TestCertificates.DEVICE_B, certificates.device(TestCertificates.DEVICE_B));
        PahoTestClient controller = connect(certificates.controller());

        Map<String, Object> a = whenAsking(controller, TestCertificates.DEVICE_A, "c-a");
        Map<String, Object> b = whenAsking(controller, TestCertificates.DEVICE_B, "c-b");

        assertThat(a).containsEntry("id", "c-a").containsEntry("ok", true)
                .containsEntry("result", Map.of("device", "device-a", "serving", true));
        assertThat(b).containsEntry("id", "c-b").containsEntry("ok", true)
                .containsEntry("result", Map.of("device", "device-b", "serving", true));
    }

    @Test
    void aDeviceCannotCommandAnotherDevice() throws Exception {
        givenConnectedAgent(TestCertificates.DEVICE_B, certificates.device(TestCertificates.DEVICE_B));
        PahoTestClient deviceA = connect(certificates.device(TestCertificates.DEVICE_A));
        String replies = InteropAgents.deviceTopic(TestCertificates.DEVICE_A, "reply/acl");
        deviceA.subscribe(replies);

        int reason = deviceA.request(InteropAgents.commandTopic(TestCertificates.DEVICE_B, "status"),
                "{\"id\":\"from-a\"}", replies, "x".getBytes(StandardCharsets.UTF_8));

        assertThat(reason).as("PUBACK reason of device-a's command to device-b").isEqualTo(0x87);
        assertThat(deviceA.await(r -> true, Duration.ofSeconds(3))).as("an answer to device-a").isNull();
    }

    @Test
    void anAgentCannotActAsAnotherDeviceWithItsOwnCertificate() throws Exception {
        PahoTestClient controller = connect(certificates.controller());
        String replies = InteropAgents.deviceTopic("device-c", "reply/controller");
        controller.subscribe(replies);
        controller.subscribe(InteropAgents.deviceTopic("device-c", "status"));

        AgentUnderTest impostor = start(InteropAgents.overTls(Path.of("target/interop/gateways/acl-impostor"), broker,
                certificates.caFile(), certificates.device(TestCertificates.DEVICE_A), "device-c"));

        // mosquitto 2.0 grants the SUBSCRIBE (a granted SUBACK proves nothing) but refuses every PUBLISH under
        // device-c with 0x87 and delivers nothing of device-c's to device-a's certificate.
        // A refused 'online' is a failed connect: never CONNECTED, retried after the backoff like any other.
        AgentStatus status = impostor.await(s -> s.lastError() != null && s.lastError().contains("'online'"),
                GENEROUS);
        assertThat(status.connection()).as("connection state").isNotEqualTo("CONNECTED");
        assertThat(status.connections()).as("connections counted").isZero();
        assertThat(status.lastError()).as("why device-a's certificate cannot serve device-c, and what to fix")
                .startsWith("cannot connect to " + broker.tlsUri() + ": connected, but the broker refused the publish"
                        + " to modelgate/f1/device-c/status (reason code 135) for 'online'")
                .contains("device 'device-c'").contains("certificate's CN").contains("broker's ACL");
        controller.request(InteropAgents.commandTopic("device-c", "status"), "{\"id\":\"to-c\"}", replies,
                "to-c".getBytes(StandardCharsets.UTF_8));
        assertThat(controller.await(r -> true, Duration.ofSeconds(5)))
                .as("an answer or an online status from the impostor").isNull();
    }

    @Test
    void aGroupCommandIsAnsweredByEachDeviceOfTheGroupAndNoDeviceReadsTheAnswers() throws Exception {
        givenConnectedAgent(TestCertificates.DEVICE_A, certificates.device(TestCertificates.DEVICE_A), "g1");
        givenConnectedAgent(TestCertificates.DEVICE_B, certificates.device(TestCertificates.DEVICE_B), "g1");
        PahoTestClient snoop = connect(certificates.device(TestCertificates.DEVICE_A));
        snoop.subscribe("modelgate/f1/group/g1/reply/#");
        PahoTestClient controller = connect(certificates.controller());
        String replies = "modelgate/f1/group/g1/reply/controller";
        controller.subscribe(replies);

        controller.request("modelgate/f1/group/g1/cmd/status", "{\"id\":\"g-1\"}", replies,
                "g-1".getBytes(StandardCharsets.UTF_8));

        List<Object> answeredBy = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            PahoTestClient.Received answer = controller.await(r -> r.topic().equals(replies), GENEROUS);
            assertThat(answer).as("answer %s of 2", i + 1).isNotNull();
            Map<String, Object> fields = Answers.read(answer.payload());
            assertThat(fields).containsEntry("id", "g-1").containsEntry("ok", true);
            Object device = fields.get("device");
            assertThat(device).as("the answer's device field").isEqualTo(((Map<?, ?>) fields.get("result")).get("device"));
            assertThat(answer.properties().getUserProperties()).as("user property device")
                    .anySatisfy(p -> assertThat(p.getKey() + "=" + p.getValue()).isEqualTo("device=" + device));
            answeredBy.add(device);
        }
        assertThat(answeredBy).containsExactlyInAnyOrder("device-a", "device-b");
        assertThat(snoop.await(r -> true, Duration.ofSeconds(3))).as("group answers delivered to device-a").isNull();
    }

    private void givenConnectedAgent(String device, TestCertificates.Identity identity, String... groups) {
        AgentUnderTest agent = start(InteropAgents.overTls(Path.of("target/interop/gateways/acl-" + device), broker,
                certificates.caFile(), identity, device).set("groups", groups));
        agent.await(s -> s.connection().equals("CONNECTED"), GENEROUS);
    }

    private AgentUnderTest start(AgentUnderTest.Builder builder) {
        AgentUnderTest agent = builder.start();
        open.add(agent);
        return agent;
    }

    private Map<String, Object> whenAsking(PahoTestClient controller, String device, String id) throws Exception {
        String replies = InteropAgents.deviceTopic(device, "reply/controller");
        controller.subscribe(replies);
        assertThat(controller.request(InteropAgents.commandTopic(device, "status"), "{\"id\":\"" + id + "\"}", replies,
                id.getBytes(StandardCharsets.UTF_8))).isLessThan(0x80);
        PahoTestClient.Received answer = controller.await(r -> r.topic().equals(replies)
                && r.properties().getCorrelationData() != null && id.equals(
                new String(r.properties().getCorrelationData(), StandardCharsets.UTF_8)), GENEROUS);
        assertThat(answer).as("answer from %s", device).isNotNull();
        return Answers.read(answer.payload());
    }

    private PahoTestClient connect(TestCertificates.Identity identity) throws Exception {
        PahoTestClient client = PahoTestClient.connect(broker.tlsUri(), identity.name() + "-" + System.nanoTime(),
                PemTls.socketFactory(certificates.caFile(), identity));
        open.add(client);
        return client;
    }
}
