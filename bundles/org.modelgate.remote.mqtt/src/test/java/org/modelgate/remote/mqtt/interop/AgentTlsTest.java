package org.modelgate.remote.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.mqtt.internal.AgentStatus;
import org.modelgate.remote.mqtt.internal.AgentUnderTest;

/**
 * The agent on mosquitto's TLS 1.3 listener with client certificates: it connects with its device certificate (the
 * broker knows it by the certificate's CN), a broker it cannot verify is refused with the reason in its status, and
 * plain TCP leaves the machine only when allowPlaintext says so.
 */
class AgentTlsTest {
    private static final Duration GENEROUS = Duration.ofSeconds(90);
    private static TestCertificates certificates;
    private static Mosquitto broker;

    private final List<AgentUnderTest> agents = new ArrayList<>();

    @BeforeAll
    static void givenMosquittoWithClientCertificates() {
        Mosquitto.assumeInstalled();
        certificates = TestCertificates.in(Path.of("target/interop/certificates"));
        broker = Mosquitto.start(Path.of("target/interop/mosquitto-tls"), certificates);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopAgents() {
        agents.forEach(AgentUnderTest::close);
    }

    @Test
    void theAgentConnectsWithItsDeviceCertificateAndTheBrokerKnowsItByItsCn() throws Exception {
        AgentUnderTest agent = givenStarted(InteropAgents.overTls(Path.of("target/interop/gateways/tls-ok"), broker,
                certificates.caFile(), certificates.device(TestCertificates.DEVICE_A), TestCertificates.DEVICE_A));

        AgentStatus status = agent.await(s -> s.connection().equals("CONNECTED"), GENEROUS);

        assertThat(status.broker()).isEqualTo(broker.tlsUri());
        assertThat(broker.log()).as("mosquitto's log: the client's username is its certificate's CN")
                .containsPattern("New client connected from 127\\.0\\.0\\.1:\\d+ as \\S+ \\(p5, [^)]*u'device-a'\\)");
        try (PahoTestClient controller = controller()) {
            controller.subscribe(InteropAgents.deviceTopic(TestCertificates.DEVICE_A, "status"));
            assertThat(controller.await(r -> r.payload().equals("online"), GENEROUS)).isNotNull();
        }
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefusedWithTheReasonInTheStatus() throws Exception {
        AgentUnderTest agent = givenStarted(InteropAgents.overTls(Path.of("target/interop/gateways/tls-wrong-ca"), broker,
                certificates.rogueCaFile(), certificates.device(TestCertificates.DEVICE_B), TestCertificates.DEVICE_B));

        AgentStatus status = agent.await(s -> s.lastError() != null, GENEROUS);

        assertThat(status.connection()).isNotEqualTo("CONNECTED");
        assertThat(status.lastError()).as("the agent's last error, as mg:remote shows it")
                .contains(broker.tlsUri()).contains("is not signed by a CA in caFile "
                        + certificates.rogueCaFile().toAbsolutePath());
        try (PahoTestClient controller = controller()) {
            controller.subscribe(InteropAgents.deviceTopic(TestCertificates.DEVICE_B, "status"));
            assertThat(controller.await(r -> r.payload().equals("online"), Duration.ofSeconds(3))).isNull();
        }
    }

    @Test
    void aDeviceCertificateFromAnotherCaIsRefusedByTheBroker() {
        AgentUnderTest agent = givenStarted(InteropAgents.overTls(Path.of("target/interop/gateways/tls-rogue-cert"),
                broker, certificates.caFile(), certificates.rogueDevice(), TestCertificates.DEVICE_A));

        AgentStatus status = agent.await(s -> s.lastError() != null, GENEROUS);

        assertThat(status.connection()).isNotEqualTo("CONNECTED");
        assertThat(status.connections()).as("connections made").isZero();
        assertThat(status.lastError()).as("the agent's last error, as mg:remote shows it").contains(broker.tlsUri())
                .contains("certFile " + certificates.rogueDevice().certFile().toAbsolutePath());
    }

    @Test
    void aBrokerThatAsksForAClientCertificateTellsAnAgentWithoutOne() {
        AgentUnderTest agent = givenStarted(InteropAgents.plain(Path.of("target/interop/gateways/tls-no-cert"),
                broker.tlsUri(), TestCertificates.DEVICE_A).set("caFile", certificates.caFile().toAbsolutePath()
                        .toString()));

        AgentStatus status = agent.await(s -> s.lastError() != null, GENEROUS);

        assertThat(status.connection()).isNotEqualTo("CONNECTED");
        assertThat(status.lastError()).as("the agent's last error, as mg:remote shows it")
                .contains("client certificate").contains("certFile and keyFile");
    }

    @Test
    void aBrokerOfferingOnlyTls12IsRefused() {
        try (TlsEndpoint oldBroker = TlsEndpoint.tls12Only(certificates)) {
            AgentUnderTest agent = givenStarted(InteropAgents.overTls(Path.of("target/interop/gateways/tls12"), broker,
                    certificates.caFile(), certificates.device(TestCertificates.DEVICE_A), TestCertificates.DEVICE_A)
                    .set("brokerUri", oldBroker.uri()));

            AgentStatus status = agent.await(s -> s.lastError() != null, GENEROUS);

            assertThat(status.connection()).isNotEqualTo("CONNECTED");
            assertThat(status.lastError()).as("the agent's last error, as mg:remote shows it").contains(oldBroker.uri())
                    .contains("does not offer TLS 1.3");
        }
    }

    @Test
    void aBrokerCertificateThatDoesNotNameTheAddressIsRefused() {
        try (TlsEndpoint elsewhere = TlsEndpoint.unnamedAddress(certificates)) {
            AgentUnderTest agent = givenStarted(InteropAgents.overTls(Path.of("target/interop/gateways/tls-san"), broker,
                    certificates.caFile(), certificates.device(TestCertificates.DEVICE_A), TestCertificates.DEVICE_A)
                    .set("brokerUri", elsewhere.uri()));

            AgentStatus status = agent.await(s -> s.lastError() != null, GENEROUS);

            assertThat(status.connection()).isNotEqualTo("CONNECTED");
            assertThat(status.lastError()).as("the agent's last error, as mg:remote shows it").contains(elsewhere.uri())
                    .contains("does not name the host");
        }
    }

    @Test
    void anExpiredBrokerCertificateIsRefusedAsExpired() {
        try (TlsEndpoint stale = TlsEndpoint.expired(certificates)) {
            AgentUnderTest agent = givenStarted(InteropAgents.overTls(Path.of("target/interop/gateways/tls-expired"),
                    broker, certificates.caFile(), certificates.device(TestCertificates.DEVICE_A),
                    TestCertificates.DEVICE_A).set("brokerUri", stale.uri()));

            AgentStatus status = agent.await(s -> s.lastError() != null, GENEROUS);

            assertThat(status.connection()).isNotEqualTo("CONNECTED");
            assertThat(status.lastError()).as("the agent's last error, as mg:remote shows it").contains(stale.uri())
                    .contains("has expired").doesNotContain("not signed by");
        }
    }

    @Test
    void plainTcpToAnotherHostIsRefusedUnlessAllowPlaintext() {
        AgentUnderTest.Builder remotePlain = InteropAgents.plain(Path.of("target/interop/gateways/plain-remote"),
                "tcp://192.0.2.10:1883", TestCertificates.DEVICE_A);

        assertThatThrownBy(remotePlain::settings).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tcp://192.0.2.10:1883").hasMessageContaining("allowPlaintext=true");
        assertThat(remotePlain.set("allowPlaintext", true).settings().brokerUris())
                .containsExactly("tcp://192.0.2.10:1883");
    }

    @Test
    void plainTcpToALoopbackBrokerNeedsNoAllowPlaintext() {
        AgentUnderTest agent = givenStarted(InteropAgents.plain(Path.of("target/interop/gateways/plain-loopback"),
                broker.plainUri(), "device-plain"));

        assertThat(agent.await(s -> s.connection().equals("CONNECTED"), GENEROUS).broker()).isEqualTo(broker.plainUri());
    }

    private AgentUnderTest givenStarted(AgentUnderTest.Builder builder) {
        AgentUnderTest agent = builder.start();
        agents.add(agent);
        return agent;
    }

    private static PahoTestClient controller() throws Exception {
        return PahoTestClient.connect(broker.tlsUri(), "controller-" + System.nanoTime(),
                PemTls.socketFactory(certificates.caFile(), certificates.controller()));
    }
}
