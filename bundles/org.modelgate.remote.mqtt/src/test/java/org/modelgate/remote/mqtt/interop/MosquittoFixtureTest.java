package org.modelgate.remote.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker fixture itself, checked with mosquitto's own clients before any test trusts it: TLS with client
 * certificates from the test CA only, and the per-device ACL keyed on the certificate's CN.
 */
class MosquittoFixtureTest {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);
    private static TestCertificates certificates;
    private static Mosquitto broker;

    private MosquittoClients.Result lastResult;

    @BeforeAll
    static void givenMosquittoWithTlsAndAcl() {
        Mosquitto.assumeInstalled();
        MosquittoClients.assumeInstalled();
        certificates = TestCertificates.in(Path.of("target/interop/certificates"));
        broker = Mosquitto.start(Path.of("target/interop/mosquitto-fixture"), certificates);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aDevicePublishesUnderItsOwnTopicsAndTheControllerReadsThem() {
        whenPublishingRetained(certificates.device(TestCertificates.DEVICE_A), "modelgate/f1/device-a/status", "online");
        thenTheControllerReads("modelgate/f1/device-a/status", "online");
    }

    @Test
    void aDeviceCannotPublishUnderAnotherDevicesTopics() {
        whenPublishingRetained(certificates.device(TestCertificates.DEVICE_A), "modelgate/f1/device-b/status",
                "forged by device-a");
        thenTheControllerReadsNothingOn("modelgate/f1/device-b/status");
    }

    @Test
    void aDeviceCannotReadAnotherDevicesTopics() {
        givenRetained(certificates.controller(), "modelgate/f1/device-b/state", "{\"secret\":true}");
        whenSubscribingOnce(certificates.device(TestCertificates.DEVICE_A), "modelgate/f1/device-b/#");
        thenNothingWasDelivered();
        whenSubscribingOnce(certificates.device(TestCertificates.DEVICE_B), "modelgate/f1/device-b/#");
        thenDelivered("{\"secret\":true}");
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedEvenWithADevicesName() {
        whenPublishingRetained(certificates.rogueDevice(), "modelgate/f1/device-a/state", "rogue");
        thenTheClientFailed();
        thenTheControllerReadsNothingOn("modelgate/f1/device-a/state");
    }

    @Test
    void aClientTrustingAnotherCaRefusesTheBroker() {
        lastResult = MosquittoClients.run("mosquitto_pub", MosquittoClients.tls(broker, certificates.rogueCaFile(),
                certificates.device(TestCertificates.DEVICE_A)), CLIENT_TIMEOUT, "-q", "1", "-t",
                "modelgate/f1/device-a/telemetry", "-m", "x");
        thenTheClientFailed();
    }

    private void givenRetained(TestCertificates.Identity identity, String topic, String payload) {
        whenPublishingRetained(identity, topic, payload);
        assertThat(lastResult.succeeded()).as("publish as %s: %s", identity.name(), lastResult).isTrue();
    }

    private void whenPublishingRetained(TestCertificates.Identity identity, String topic, String payload) {
        lastResult = MosquittoClients.run("mosquitto_pub", MosquittoClients.tls(broker, certificates.caFile(), identity),
                CLIENT_TIMEOUT, "-q", "1", "-r", "-t", topic, "-m", payload);
    }

    private void whenSubscribingOnce(TestCertificates.Identity identity, String filter) {
        // -W: a retained message arrives at once; waiting longer only proves that nothing comes.
        lastResult = MosquittoClients.run("mosquitto_sub", MosquittoClients.tls(broker, certificates.caFile(), identity),
                CLIENT_TIMEOUT, "-C", "1", "-W", "3", "-t", filter);
    }

    private void thenTheControllerReads(String topic, String payload) {
        whenSubscribingOnce(certificates.controller(), topic);
        thenDelivered(payload);
    }

    private void thenTheControllerReadsNothingOn(String topic) {
        whenSubscribingOnce(certificates.controller(), topic);
        assertThat(lastResult.stdout()).as("controller on %s: %s", topic, lastResult).isEmpty();
    }

    private void thenDelivered(String payload) {
        assertThat(lastResult.stdout().strip()).as("%s", lastResult).isEqualTo(payload);
    }

    private void thenNothingWasDelivered() {
        assertThat(lastResult.stdout()).as("%s", lastResult).isEmpty();
    }

    private void thenTheClientFailed() {
        assertThat(lastResult.exitCode()).as("%s", lastResult).isNotZero();
    }
}
