package org.modelgate.remote.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.mqtt.internal.AgentStatus;
import org.modelgate.remote.mqtt.internal.AgentUnderTest;

/**
 * Failover over {@code brokerUri} with two mosquitto brokers (TLS, client certificates): when the first goes away
 * the agent moves to the second on its own, says online there and answers commands there.
 */
class BrokerFailoverTest {
    private static final Duration GENEROUS = Duration.ofSeconds(120);
    private static final String DEVICE = TestCertificates.DEVICE_A;
    private static TestCertificates certificates;
    private static Mosquitto first;
    private static Mosquitto second;

    private AgentUnderTest agent;

    @BeforeAll
    static void givenTwoBrokers() {
        Mosquitto.assumeInstalled();
        MosquittoClients.assumeInstalled();
        certificates = TestCertificates.in(Path.of("target/interop/certificates"));
        first = Mosquitto.start(Path.of("target/interop/mosquitto-failover-1"), certificates);
        second = Mosquitto.start(Path.of("target/interop/mosquitto-failover-2"), certificates);
    }

    @AfterAll
    static void stopBrokers() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void whenTheFirstBrokerGoesAwayTheAgentMovesToTheNext() {
        agent = InteropAgents.overTls(Path.of("target/interop/gateways/failover"), first, certificates.caFile(),
                certificates.device(DEVICE), DEVICE).set("brokerUri", new String[] {first.tlsUri(), second.tlsUri()})
                .start();
        assertThat(agent.await(s -> s.connection().equals("CONNECTED"), GENEROUS).broker()).isEqualTo(first.tlsUri());

        first.stop();

        AgentStatus moved = agent.await(s -> s.connection().equals("CONNECTED") && second.tlsUri().equals(s.broker()),
                GENEROUS);
        assertThat(moved.connections()).isGreaterThanOrEqualTo(2);
        assertThat(retainedStatusOn(second)).isEqualTo("online");
        MosquittoClients.Result answer = MosquittoClients.run("mosquitto_rr", controllerOn(second), GENEROUS,
                "-t", InteropAgents.commandTopic(DEVICE, "status"), "-e", InteropAgents.deviceTopic(DEVICE, "reply/rr"),
                "-q", "1", "-m", "{\"id\":\"on-second\"}", "-W", "60");
        assertThat(Answers.read(answer.stdout())).containsEntry("id", "on-second").containsEntry("ok", true)
                .containsEntry("result", Map.of("device", DEVICE, "serving", true));
    }

    private static String retainedStatusOn(Mosquitto broker) {
        return MosquittoClients.run("mosquitto_sub", controllerOn(broker), GENEROUS,
                "-t", InteropAgents.deviceTopic(DEVICE, "status"), "-C", "1", "-W", "30").stdout().strip();
    }

    private static List<String> controllerOn(Mosquitto broker) {
        return MosquittoClients.tls(broker, certificates.caFile(), certificates.controller());
    }
}
