package org.modelgate.remote.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelgate.remote.mqtt.internal.EmbeddedBroker;

/**
 * The MQTT 5 features the agent relies on, on each broker the interop tests use (HiveMQ CE embedded, mosquitto
 * plain and TLS), with plain Paho clients: request/response (response topic and correlation data reach the
 * responder unchanged) and the retained Last Will when the link is cut ({@link TcpProxy}). If one of these fails,
 * an agent test on that broker cannot pass whatever the agent does.
 */
class BrokerFixturesTest {
    private static TestCertificates certificates;
    private static EmbeddedBroker hivemq;
    private static Mosquitto mosquitto;

    private final List<AutoCloseable> open = new ArrayList<>();

    /** A broker endpoint and how a controller and a device reach it. */
    record Endpoint(String name, int port, boolean tls) {
        @Override
        public String toString() {
            return name;
        }

        String uri(int viaPort) {
            return (tls ? "ssl://localhost:" : "tcp://127.0.0.1:") + viaPort;
        }
    }

    @BeforeAll
    static void givenBrokers() {
        hivemq = EmbeddedBroker.start("interop-fixtures");
        if (java.nio.file.Files.isExecutable(Mosquitto.EXECUTABLE)) {
            certificates = TestCertificates.in(Path.of("target/interop/certificates"));
            mosquitto = Mosquitto.start(Path.of("target/interop/mosquitto-fixtures"), certificates);
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
    void closeClients() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    static Stream<String> brokers() {
        return Stream.of("hivemq", "mosquitto", "mosquitto-tls");
    }

    @ParameterizedTest
    @MethodSource("brokers")
    void aRequestReachesTheResponderWithItsResponseTopicAndCorrelationData(String broker) throws MqttException {
        Endpoint endpoint = endpoint(broker);
        PahoTestClient device = connect(endpoint, endpoint.port(), TestCertificates.DEVICE_A, null);
        device.subscribe("modelgate/f1/device-a/cmd/+");
        PahoTestClient controller = connect(endpoint, endpoint.port(), TestCertificates.CONTROLLER, null);
        controller.subscribe("modelgate/f1/device-a/reply/c1");

        controller.request("modelgate/f1/device-a/cmd/status", "{\"id\":\"r1\"}", "modelgate/f1/device-a/reply/c1",
                "corr-1".getBytes(StandardCharsets.UTF_8));
        PahoTestClient.Received request = device.await(r -> r.topic().endsWith("/cmd/status"), PahoTestClient.TIMEOUT);
        assertThat(request).as("request delivered on %s", endpoint).isNotNull();
        MqttProperties answer = new MqttProperties();
        answer.setCorrelationData(request.properties().getCorrelationData());
        device.publish(request.properties().getResponseTopic(), "{\"id\":\"r1\",\"ok\":true}", false, answer);

        PahoTestClient.Received response = controller.await(r -> r.topic().endsWith("/reply/c1"),
                PahoTestClient.TIMEOUT);
        assertThat(response).as("response on %s", endpoint).isNotNull();
        assertThat(new String(response.properties().getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo("corr-1");
    }

    @ParameterizedTest
    @MethodSource("brokers")
    void aCutLinkMakesTheBrokerPublishTheRetainedWill(String broker) throws MqttException {
        Endpoint endpoint = endpoint(broker);
        TcpProxy link = TcpProxy.to(endpoint.port());
        open.add(link);
        String status = "modelgate/f1/device-a/status";
        PahoTestClient device = connect(endpoint, link.port(), TestCertificates.DEVICE_A, status);
        assertThat(device.publish(status, "online", true, null)).isLessThan(0x80);

        link.cut();

        PahoTestClient controller = connect(endpoint, endpoint.port(), TestCertificates.CONTROLLER, null);
        controller.subscribe(status);
        assertThat(controller.await(r -> r.payload().equals("offline"), PahoTestClient.TIMEOUT))
                .as("retained will on %s", endpoint).isNotNull();
    }

    private Endpoint endpoint(String broker) {
        if (broker.equals("hivemq")) {
            return new Endpoint(broker, hivemq.port(), false);
        }
        Mosquitto.assumeInstalled();
        return broker.equals("mosquitto") ? new Endpoint(broker, mosquitto.plainPort(), false)
                : new Endpoint(broker, mosquitto.tlsPort(), true);
    }

    private PahoTestClient connect(Endpoint endpoint, int port, String identity, String willTopic)
            throws MqttException {
        var tls = endpoint.tls() ? PemTls.socketFactory(certificates.caFile(), identity.equals(
                TestCertificates.CONTROLLER) ? certificates.controller() : certificates.device(identity)) : null;
        PahoTestClient client = PahoTestClient.connect(endpoint.uri(port), identity + "-" + System.nanoTime(), tls,
                willTopic, "offline");
        open.add(client);
        return client;
    }
}
