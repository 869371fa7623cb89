package org.modelgate.remote.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.mqtt.internal.AgentUnderTest;

/**
 * After {@code crash()} (no DISCONNECT, no {@code offline}) the agent's socket is really closed, so mosquitto sends
 * the Last Will at once, not when the keep-alive runs out: the agent keeps alive for 600 s (mosquitto would wait
 * 900 s), and the retained {@code offline} must arrive within the test's 90 s, with no relay in between to cut.
 * Paho 1.2.5 alone leaves a TLS socket open after {@code disconnectForcibly} + {@code close(true)}: its
 * {@code shutdownInput()} on an {@code SSLSocket} throws before {@code close()} (see the agent's
 * {@code TrackedSockets}).
 */
class LastWillAfterCrashTest {
    private static final Duration GENEROUS = Duration.ofSeconds(90);
    private static final int LONG_KEEP_ALIVE_SECONDS = 600;
    private static TestCertificates certificates;
    private static Mosquitto broker;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void givenMosquitto() {
        Mosquitto.assumeInstalled();
        certificates = TestCertificates.in(Path.of("target/interop/certificates"));
        broker = Mosquitto.start(Path.of("target/interop/mosquitto-last-will"), certificates);
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
    void overTlsTheWillIsSentRightAfterACrash() throws Exception {
        AgentUnderTest agent = connected(InteropAgents.overTls(Path.of("target/interop/gateways/will-tls"), broker,
                certificates.caFile(), certificates.device(TestCertificates.DEVICE_A), TestCertificates.DEVICE_A));
        PahoTestClient controller = PahoTestClient.connect(broker.tlsUri(), "controller-" + System.nanoTime(),
                PemTls.socketFactory(certificates.caFile(), certificates.controller()));
        open.add(controller);

        thenTheStatusGoesOfflineAfterACrash(agent, controller, TestCertificates.DEVICE_A);
    }

    @Test
    void overPlainTcpTheWillIsSentRightAfterACrash() throws Exception {
        AgentUnderTest agent = connected(InteropAgents.plain(Path.of("target/interop/gateways/will-tcp"),
                broker.plainUri(), "device-tcp"));
        PahoTestClient reader = PahoTestClient.connect(broker.plainUri(), "reader-" + System.nanoTime(), null);
        open.add(reader);

        thenTheStatusGoesOfflineAfterACrash(agent, reader, "device-tcp");
    }

    private AgentUnderTest connected(AgentUnderTest.Builder builder) {
        AgentUnderTest agent = builder.set("keepAliveSeconds", LONG_KEEP_ALIVE_SECONDS).start();
        open.add(agent);
        agent.await(s -> s.connection().equals("CONNECTED"), GENEROUS);
        return agent;
    }

    private static void thenTheStatusGoesOfflineAfterACrash(AgentUnderTest agent, PahoTestClient reader, String device)
            throws Exception {
        String status = InteropAgents.deviceTopic(device, "status");
        reader.subscribe(status);
        assertThat(reader.await(r -> r.payload().equals("online"), GENEROUS)).as("retained online").isNotNull();

        agent.crash();

        assertThat(reader.await(r -> r.payload().equals("offline"), GENEROUS))
                .as("the Last Will 'offline', well before the %s s keep-alive ran out", LONG_KEEP_ALIVE_SECONDS)
                .isNotNull();
    }
}
