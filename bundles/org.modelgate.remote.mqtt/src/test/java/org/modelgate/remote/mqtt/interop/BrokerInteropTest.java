package org.modelgate.remote.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelgate.remote.mqtt.internal.AgentUnderTest;
import org.modelgate.remote.mqtt.internal.EmbeddedBroker;

/**
 * Interoperability: the same command round trip through HiveMQ CE (embedded), mosquitto (plain, loopback) and
 * mosquitto (TLS 1.3, client certificates): the agent connects, publishes online, answers {@code status} on the
 * request's MQTT 5 response topic with its correlation data; mosquitto_rr gets the same answer on every broker.
 */
class BrokerInteropTest {
    private static final Duration GENEROUS = Duration.ofSeconds(90);
    private static final String DEVICE = TestCertificates.DEVICE_A;
    private static TestCertificates certificates;
    private static EmbeddedBroker hivemq;
    private static Mosquitto mosquitto;

    private AgentUnderTest agent;
    private PahoTestClient controller;

    @BeforeAll
    static void givenBrokers() {
        hivemq = EmbeddedBroker.start("interop");
        if (Files.isExecutable(Mosquitto.EXECUTABLE)) {
            certificates = TestCertificates.in(Path.of("target/interop/certificates"));
            mosquitto = Mosquitto.start(Path.of("target/interop/mosquitto-interop"), certificates);
        }
    }

    @AfterAll
    static void stopBrokers() {
        if (hivemq != null) {
            hivemq.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    static Stream<String> brokers() {
        return Stream.of("hivemq", "mosquitto", "mosquitto-tls");
    }

    @ParameterizedTest
    @MethodSource("brokers")
    void aStatusCommandIsAnsweredOnTheResponseTopicWithTheCorrelationData(String broker) throws Exception {
        givenAgentConnectedThrough(broker);
        String replies = InteropAgents.deviceTopic(DEVICE, "reply/interop");
        controller.subscribe(replies);
        controller.subscribe(InteropAgents.deviceTopic(DEVICE, "status"));

        controller.request(InteropAgents.commandTopic(DEVICE, "status"), "{\"id\":\"" + broker + "-1\"}", replies,
                ("corr-" + broker).getBytes(StandardCharsets.UTF_8));

        PahoTestClient.Received answer = controller.await(r -> r.topic().equals(replies), GENEROUS);
        assertThat(answer).as("answer through %s", broker).isNotNull();
        assertThat(new String(answer.properties().getCorrelationData(), StandardCharsets.UTF_8))
                .isEqualTo("corr-" + broker);
        assertThat(Answers.read(answer.payload())).containsEntry("id", broker + "-1").containsEntry("ok", true)
                .containsEntry("result", Map.of("device", DEVICE, "serving", true));
        assertThat(controller.await(r -> r.topic().endsWith("/status"), GENEROUS).payload()).isEqualTo("online");
    }

    @ParameterizedTest
    @MethodSource("brokers")
    void mosquittoRrGetsTheSameAnswerOnEveryBroker(String broker) throws Exception {
        MosquittoClients.assumeInstalled();
        givenAgentConnectedThrough(broker);

        MosquittoClients.Result result = MosquittoClients.run("mosquitto_rr", cliConnection(broker), GENEROUS,
                "-t", InteropAgents.commandTopic(DEVICE, "status"), "-e", InteropAgents.deviceTopic(DEVICE, "reply/rr"),
                "-q", "1", "-m", "{\"id\":\"rr-" + broker + "\"}", "-W", "60");

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(Answers.read(result.stdout())).containsEntry("id", "rr-" + broker).containsEntry("ok", true);
    }

    private void givenAgentConnectedThrough(String broker) throws Exception {
        Path home = Path.of("target/interop/gateways/interop-" + broker);
        switch (broker) {
            case "hivemq" -> {
                agent = InteropAgents.plain(home, hivemq.uri(), DEVICE).start();
                controller = PahoTestClient.connect(hivemq.uri(), "controller-hivemq", null);
            }
            case "mosquitto" -> {
                Mosquitto.assumeInstalled();
                agent = InteropAgents.plain(home, mosquitto.plainUri(), DEVICE).start();
                controller = PahoTestClient.connect(mosquitto.plainUri(), "controller-plain", null);
            }
            default -> {
                Mosquitto.assumeInstalled();
                agent = InteropAgents.overTls(home, mosquitto, certificates.caFile(), certificates.device(DEVICE), DEVICE)
                        .start();
                SSLSocketFactory tls = PemTls.socketFactory(certificates.caFile(), certificates.controller());
                controller = PahoTestClient.connect(mosquitto.tlsUri(), "controller-tls", tls);
            }
        }
        agent.await(s -> s.connection().equals("CONNECTED"), GENEROUS);
    }

    private static List<String> cliConnection(String broker) {
        return switch (broker) {
            case "hivemq" -> List.of("-V", "5", "-h", "127.0.0.1", "-p", String.valueOf(hivemq.port()));
            case "mosquitto" -> MosquittoClients.plain(mosquitto);
            default -> MosquittoClients.tls(mosquitto, certificates.caFile(), certificates.controller());
        };
    }
}
