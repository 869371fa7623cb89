package org.modelgate.remote.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.mqtt.internal.AgentUnderTest;

/**
 * Bad input over a real broker (mosquitto, TLS, the controller's certificate): a payload over maxPayloadBytes and
 * malformed JSON each get an error answer naming the problem, with the request's correlation data, and the agent
 * answers the next good request.
 */
class BadInputOverTheWireTest {
    private static final Duration GENEROUS = Duration.ofSeconds(90);
    private static final String DEVICE = TestCertificates.DEVICE_B;
    private static final int MAX_PAYLOAD = 1024;
    private static TestCertificates certificates;
    private static Mosquitto broker;

    private AgentUnderTest agent;
    private PahoTestClient controller;
    private final String replies = InteropAgents.deviceTopic(DEVICE, "reply/bad-input");

    @BeforeAll
    static void givenMosquitto() {
        Mosquitto.assumeInstalled();
        certificates = TestCertificates.in(Path.of("target/interop/certificates"));
        broker = Mosquitto.start(Path.of("target/interop/mosquitto-bad-input"), certificates);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void givenAgentWithASmallPayloadLimit() throws Exception {
        agent = InteropAgents.overTls(Path.of("target/interop/gateways/bad-input"), broker, certificates.caFile(),
                certificates.device(DEVICE), DEVICE).set("maxPayloadBytes", MAX_PAYLOAD).start();
        agent.await(s -> s.connection().equals("CONNECTED"), GENEROUS);
        controller = PahoTestClient.connect(broker.tlsUri(), "controller-bad-input",
                PemTls.socketFactory(certificates.caFile(), certificates.controller()));
        controller.subscribe(replies);
    }

    @AfterEach
    void stop() {
        controller.close();
        agent.close();
    }

    @Test
    void aPayloadOverTheLimitGetsAnErrorNamingTheLimit() throws Exception {
        String oversized = "{\"id\":\"big\",\"body\":{\"pad\":\"" + "x".repeat(2 * MAX_PAYLOAD) + "\"}}";

        Map<String, Object> answer = whenSending(oversized, "big");

        assertThat(answer).containsEntry("ok", false);
        assertThat(answer.get("error")).asString().contains("maxPayloadBytes").contains(String.valueOf(MAX_PAYLOAD));
        thenTheAgentStillAnswers("after-big");
    }

    @Test
    void malformedJsonGetsAnErrorSayingSo() throws Exception {
        Map<String, Object> answer = whenSending("{\"id\": \"broken\", \"body\": {", "broken");

        assertThat(answer).containsEntry("ok", false);
        assertThat(answer.get("error")).asString().containsIgnoringCase("malformed JSON");
        thenTheAgentStillAnswers("after-broken");
    }

    @Test
    void aRequestThatIsNoJsonObjectGetsAnErrorSayingWhatItMustBe() throws Exception {
        Map<String, Object> answer = whenSending("[1, 2, 3]", "array");

        assertThat(answer).containsEntry("ok", false);
        assertThat(answer.get("error")).asString().contains("JSON object");
        thenTheAgentStillAnswers("after-array");
    }

    private Map<String, Object> whenSending(String payload, String correlation) throws Exception {
        assertThat(controller.request(InteropAgents.commandTopic(DEVICE, "status"), payload, replies,
                correlation.getBytes(StandardCharsets.UTF_8))).isLessThan(0x80);
        PahoTestClient.Received answer = controller.await(r -> r.properties().getCorrelationData() != null
                && correlation.equals(new String(r.properties().getCorrelationData(), StandardCharsets.UTF_8)), GENEROUS);
        assertThat(answer).as("an answer to '%s'", correlation).isNotNull();
        return Answers.read(answer.payload());
    }

    private void thenTheAgentStillAnswers(String id) throws Exception {
        Map<String, Object> answer = whenSending("{\"id\":\"" + id + "\"}", id);
        assertThat(answer).containsEntry("id", id).containsEntry("ok", true);
        assertThat(agent.status().connection()).isEqualTo("CONNECTED");
    }
}
