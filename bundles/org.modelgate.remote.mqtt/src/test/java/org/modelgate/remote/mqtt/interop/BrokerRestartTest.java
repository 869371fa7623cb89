package org.modelgate.remote.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.mqtt.internal.AgentStatus;
import org.modelgate.remote.mqtt.internal.AgentUnderTest;

/**
 * mosquitto restarted mid-test (same port, same persistence): the agent notices, reconnects on its own with its
 * backoff, publishes online again, and answers commands; nobody restarts the agent.
 */
class BrokerRestartTest {
    private static final Duration GENEROUS = Duration.ofSeconds(120);
    private static final String DEVICE = TestCertificates.DEVICE_B;
    private static TestCertificates certificates;
    private static Mosquitto broker;

    private AgentUnderTest agent;

    @BeforeAll
    static void givenMosquitto() {
        Mosquitto.assumeInstalled();
        MosquittoClients.assumeInstalled();
        certificates = TestCertificates.in(Path.of("target/interop/certificates"));
        broker = Mosquitto.start(Path.of("target/interop/mosquitto-restart"), certificates);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void theAgentReconnectsAfterTheBrokerRestartsAndAnswersAgain() {
        agent = InteropAgents.overTls(Path.of("target/interop/gateways/restart"), broker, certificates.caFile(),
                certificates.device(DEVICE), DEVICE).start();
        long before = agent.await(s -> s.connection().equals("CONNECTED"), GENEROUS).connections();
        thenAStatusCommandIsAnswered("before-restart");

        whenTheBrokerStops();
        AgentStatus away = agent.await(s -> !s.connection().equals("CONNECTED") && s.lastError() != null
                && s.lastError().contains(broker.tlsUri()), GENEROUS);
        assertThat(away.connection()).as("while the broker is away").isIn("WAITING", "CONNECTING");
        broker.restart();

        AgentStatus after = agent.await(s -> s.connection().equals("CONNECTED") && s.connections() > before, GENEROUS);
        assertThat(after.connections()).isEqualTo(before + 1);
        thenTheAgentPublishedOnlineAgain();
        thenTheRetainedStatusIs("online");
        thenAStatusCommandIsAnswered("after-restart");
    }

    private void whenTheBrokerStops() {
        broker.stop();
        assertThat(broker.isRunning()).isFalse();
    }

    private void thenAStatusCommandIsAnswered(String id) {
        MosquittoClients.Result result = MosquittoClients.run("mosquitto_rr", controller(), GENEROUS,
                "-t", InteropAgents.commandTopic(DEVICE, "status"), "-e", InteropAgents.deviceTopic(DEVICE, "reply/rr"),
                "-q", "1", "-m", "{\"id\":\"" + id + "\"}", "-W", "60");
        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(Answers.read(result.stdout())).containsEntry("id", id).containsEntry("ok", true)
                .containsEntry("result", Map.of("device", DEVICE, "serving", true));
    }

    private void thenTheAgentPublishedOnlineAgain() {
        // The retained "online" could be the one mosquitto kept across the restart: its log says who sent it.
        assertThat(broker.logSinceLastStart()).containsPattern("Received PUBLISH from modelgate-f1-device-b "
                + "\\(d0, q1, r1, m\\d+, 'modelgate/f1/device-b/status', \\.\\.\\. \\(6 bytes\\)\\)");
    }

    private void thenTheRetainedStatusIs(String expected) {
        MosquittoClients.Result result = MosquittoClients.run("mosquitto_sub", controller(), GENEROUS,
                "-t", InteropAgents.deviceTopic(DEVICE, "status"), "-C", "1", "-W", "30");
        assertThat(result.stdout().strip()).as("%s", result).isEqualTo(expected);
    }

    private static java.util.List<String> controller() {
        return MosquittoClients.tls(broker, certificates.caFile(), certificates.controller());
    }
}
