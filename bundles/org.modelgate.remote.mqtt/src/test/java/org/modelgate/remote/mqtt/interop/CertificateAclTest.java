package org.modelgate.remote.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-device ACLs keyed on the certificate identity, as a Paho MQTT v5 client meets them on mosquitto: a device
 * cannot publish or read under another device's topics (PUBACK reason 0x87, nothing delivered, whatever client id it
 * claims), while the controller commands both. This is the broker setup the agent's deployment guide relies on.
 */
class CertificateAclTest {
    private static final int NOT_AUTHORIZED = 0x87;
    private static final Duration NOTHING_COMES = Duration.ofSeconds(3);
    private static TestCertificates certificates;
    private static Mosquitto broker;

    private final List<PahoTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void givenMosquittoWithCertificateAcl() {
        Mosquitto.assumeInstalled();
        certificates = TestCertificates.in(Path.of("target/interop/certificates"));
        broker = Mosquitto.start(Path.of("target/interop/mosquitto-acl"), certificates);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void disconnect() {
        clients.forEach(PahoTestClient::close);
    }

    @Test
    void aDevicesPublishUnderAnotherDevicesTopicIsRefusedWithNotAuthorized() throws MqttException {
        PahoTestClient deviceA = givenConnectedAs(certificates.device(TestCertificates.DEVICE_A), "device-a");
        PahoTestClient watcher = givenConnectedAs(certificates.controller(), "watcher");
        watcher.subscribe("modelgate/f1/device-b/status");

        int forged = deviceA.publish("modelgate/f1/device-b/status", "offline", false, null);
        int own = deviceA.publish("modelgate/f1/device-a/status", "online", false, null);

        assertThat(forged).as("PUBACK reason of device-a's publish on device-b's topic").isEqualTo(NOT_AUTHORIZED);
        assertThat(own).as("PUBACK reason of device-a's publish on its own topic").isLessThan(0x80);
        assertThat(watcher.await(r -> r.topic().equals("modelgate/f1/device-b/status"), NOTHING_COMES))
                .as("what the controller saw under device-b").isNull();
    }

    @Test
    void aClientIdIsNoIdentityTheCertificateDecides() throws MqttException {
        PahoTestClient deviceAAsController = givenConnectedAs(certificates.device(TestCertificates.DEVICE_A),
                TestCertificates.CONTROLLER);

        int reason = deviceAAsController.publish("modelgate/f1/device-b/cmd/stop", "{}", false, null);

        assertThat(reason).as("device-a calling itself 'controller' publishing to device-b").isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void aDeviceReadsNothingOfAnotherDevicesTopics() throws MqttException {
        PahoTestClient controller = givenConnectedAs(certificates.controller(), "controller");
        assertThat(controller.publish("modelgate/f1/device-b/state", "{\"models\":[]}", true, null)).isLessThan(0x80);
        PahoTestClient deviceA = givenConnectedAs(certificates.device(TestCertificates.DEVICE_A), "device-a");

        int granted = deviceA.subscribe("modelgate/f1/device-b/#");
        controller.publish("modelgate/f1/device-b/cmd/status", "{\"id\":\"1\"}", false, null);

        // mosquitto 2.0 answers 0x87 here; a granted SUBACK would be no proof either way, so delivery decides.
        assertThat(deviceA.await(r -> true, NOTHING_COMES)).as("delivered to device-a (SUBACK %s)", granted).isNull();
    }

    @Test
    void theControllerCommandsBothDevicesAndEachGetsOnlyItsOwn() throws MqttException {
        PahoTestClient deviceA = givenConnectedAs(certificates.device(TestCertificates.DEVICE_A), "device-a");
        PahoTestClient deviceB = givenConnectedAs(certificates.device(TestCertificates.DEVICE_B), "device-b");
        assertThat(deviceA.subscribe("modelgate/f1/device-a/cmd/#")).isLessThan(0x80);
        assertThat(deviceB.subscribe("modelgate/f1/device-b/cmd/#")).isLessThan(0x80);
        assertThat(deviceA.subscribe("modelgate/f1/group/g1/cmd/#")).isLessThan(0x80);
        PahoTestClient controller = givenConnectedAs(certificates.controller(), "controller");

        assertThat(controller.publish("modelgate/f1/device-a/cmd/status", "for a", false, null)).isLessThan(0x80);
        assertThat(controller.publish("modelgate/f1/device-b/cmd/status", "for b", false, null)).isLessThan(0x80);
        assertThat(controller.publish("modelgate/f1/group/g1/cmd/status", "for g1", false, null)).isLessThan(0x80);

        assertThat(deviceA.await(r -> r.payload().equals("for a"), PahoTestClient.TIMEOUT)).isNotNull();
        assertThat(deviceB.await(r -> r.payload().equals("for b"), PahoTestClient.TIMEOUT)).isNotNull();
        assertThat(deviceA.await(r -> r.payload().equals("for g1"), PahoTestClient.TIMEOUT)).isNotNull();
        assertThat(deviceA.await(r -> r.payload().equals("for b"), NOTHING_COMES)).isNull();
    }

    @Test
    void aDeviceCannotSendGroupCommands() throws MqttException {
        PahoTestClient deviceA = givenConnectedAs(certificates.device(TestCertificates.DEVICE_A), "device-a");

        assertThat(deviceA.publish("modelgate/f1/group/g1/cmd/deploy", "{}", false, null)).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void aCertificateFromAnotherCaCannotConnect() {
        assertThatThrownBy(() -> givenConnectedAs(certificates.rogueDevice(), "device-a"))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void aClientThatTrustsAnotherCaRefusesTheBroker() {
        assertThatThrownBy(() -> PahoTestClient.connect(broker.tlsUri(), "device-a",
                PemTls.socketFactory(certificates.rogueCaFile(), certificates.device(TestCertificates.DEVICE_A))))
                .isInstanceOf(MqttException.class)
                .rootCause().hasMessageContaining("certification path");
    }

    private PahoTestClient givenConnectedAs(TestCertificates.Identity identity, String clientId) throws MqttException {
        PahoTestClient client = PahoTestClient.connect(broker.tlsUri(), clientId,
                PemTls.socketFactory(certificates.caFile(), identity));
        clients.add(client);
        return client;
    }
}
