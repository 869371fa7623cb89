package org.modelgate.remote.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Clients no one here wrote, against the agent on mosquitto's TLS listener, as the controller identity:
 * {@code mosquitto_rr} sends a command and reads the answer (it sets the response topic and correlation data
 * itself), {@code mosquitto_sub -C 1} reads the retained {@code state} and {@code status}: online while the agent
 * runs, offline after a clean stop, and offline through the Last Will after a crash (the agent stopped without a
 * word and its connection cut, as the OS does for a process that dies).
 */
class MosquittoClientsAgentTest {
    private static final Duration GENEROUS = Duration.ofSeconds(90);
    private static final String DEVICE = TestCertificates.DEVICE_A;
    private static TestCertificates certificates;
    private static Mosquitto broker;

    private TcpProxy link;
    private AgentUnderTest agent;
    private MosquittoClients.Result last;

    @BeforeAll
    static void givenMosquittoWithClientCertificates() {
        Mosquitto.assumeInstalled();
        MosquittoClients.assumeInstalled();
        certificates = TestCertificates.in(Path.of("target/interop/certificates"));
        broker = Mosquitto.start(Path.of("target/interop/mosquitto-clients"), certificates);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void givenAgentConnected() {
        // Through a link the test can cut, as the OS cuts a dead process's connections. (The agent now closes its
        // own sockets on crash() too: LastWillAfterCrashTest proves that without a relay.)
        link = TcpProxy.to(broker.tlsPort());
        agent = InteropAgents.overTls(Path.of("target/interop/gateways/clients"), broker, certificates.caFile(),
                certificates.device(DEVICE), DEVICE).set("brokerUri", "ssl://localhost:" + link.port()).start();
        agent.await(s -> s.connection().equals("CONNECTED"), GENEROUS);
    }

    @AfterEach
    void stopAgent() {
        agent.close();
        link.close();
    }

    @Test
    void mosquittoRrSendsStatusAndReadsTheAnswer() {
        whenRunning("mosquitto_rr", "-t", InteropAgents.commandTopic(DEVICE, "status"),
                "-e", InteropAgents.deviceTopic(DEVICE, "reply/mosquitto_rr"), "-q", "1",
                "-m", "{\"id\":\"rr-1\"}", "-W", "60");

        assertThat(last.succeeded()).as("%s", last).isTrue();
        assertThat(Answers.read(last.stdout())).containsEntry("id", "rr-1").containsEntry("ok", true)
                .containsEntry("result", Map.of("device", DEVICE, "serving", true));
    }

    @Test
    void mosquittoRrGetsAnErrorAnswerForAnUnknownCommand() {
        whenRunning("mosquitto_rr", "-t", InteropAgents.commandTopic(DEVICE, "reboot-now"),
                "-e", InteropAgents.deviceTopic(DEVICE, "reply/mosquitto_rr"), "-q", "1",
                "-m", "{\"id\":\"rr-2\"}", "-W", "60");

        assertThat(Answers.read(last.stdout())).containsEntry("id", "rr-2").containsEntry("ok", false)
                .extractingByKey("error").asString()
                .contains("reboot-now").contains("status");
    }

    @Test
    void mosquittoSubReadsTheRetainedState() {
        whenReadingRetained("state");

        assertThat(Answers.read(last.stdout())).containsEntry("fleet", InteropAgents.FLEET)
                .containsEntry("device", DEVICE);
    }

    @Test
    void mosquittoSubReadsOnlineThenOfflineAfterAStop() {
        whenReadingRetained("status");
        assertThat(last.stdout().strip()).isEqualTo("online");

        agent.close();

        whenReadingRetained("status");
        assertThat(last.stdout().strip()).isEqualTo("offline");
    }

    @Test
    void mosquittoSubReadsOfflineFromTheLastWillAfterACrash() {
        whenReadingRetained("status");
        assertThat(last.stdout().strip()).isEqualTo("online");

        agent.crash();
        link.cut();

        // The will may take a moment to be sent: read the retained status until it says offline.
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        do {
            whenReadingRetained("status");
        } while (!last.stdout().strip().equals("offline") && System.nanoTime() < deadline);
        assertThat(last.stdout().strip()).as("%s", last).isEqualTo("offline");
    }

    private void whenReadingRetained(String leaf) {
        whenRunning("mosquitto_sub", "-t", InteropAgents.deviceTopic(DEVICE, leaf), "-C", "1", "-W", "30");
    }

    private void whenRunning(String client, String... args) {
        last = MosquittoClients.run(client, MosquittoClients.tls(broker, certificates.caFile(),
                certificates.controller()), GENEROUS, args);
    }
}
