package org.modelgate.remote.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The agent over TLS 1.3 to a broker whose certificate it checks against {@code caFile} (HiveMQ CE embedded with a
 * TLS listener; the key pair made by the JDK's keytool). Skipped, saying why, when keytool is not there.
 */
class TlsAgentTest {
    private static final String PASSWORD = "changeit";
    private final Path folder = Path.of("target", "tls", "t-" + System.nanoTime()).toAbsolutePath();
    private EmbeddedBroker broker;
    private Agent agent;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theAgentConnectsOverTls13CheckingTheBrokersCertificate() throws Exception {
        Path ca = givenABrokerCertificate("localhost-ca", "ip:127.0.0.1");
        broker = EmbeddedBroker.startTls("tls", folder.resolve("localhost-ca.p12"), PASSWORD);

        agent = startAgent(ca);

        awaitState("CONNECTED");
        try (TestController reader = new TestController(broker.uri(), ca)) {
            reader.subscribe("modelgate/test/tls1/status");
            reader.awaitOn("modelgate/test/tls1/status", "online");
        }
    }

    @Test
    void aBrokerCertificateNotSignedByTheCaIsRefused() throws Exception {
        givenABrokerCertificate("broker", "ip:127.0.0.1");
        Path otherCa = givenABrokerCertificate("other", "ip:127.0.0.1");
        broker = EmbeddedBroker.startTls("tls-refused", folder.resolve("broker.p12"), PASSWORD);

        agent = startAgent(otherCa);

        awaitLastError("cannot connect to " + broker.uri());
        assertThat(agent.status().lastError()).contains("PKIX path validation failed");
        assertThat(agent.status().connection()).isNotEqualTo("CONNECTED");
    }

    @Test
    void aClientCertificateFromPemFilesIsAcceptedByABrokerThatRequiresOne() throws Exception {
        Path ca = givenABrokerCertificate("server", "ip:127.0.0.1");
        givenABrokerCertificate("device", "dns:device.example");
        Path clientCert = folder.resolve("device.pem");
        Path clientKey = privateKeyPem("device");
        Path clientTrust = folder.resolve("clients.p12");
        run(keytool(), "-importcert", "-noprompt", "-alias", "device", "-file", clientCert.toString(), "-storetype",
                "PKCS12", "-keystore", clientTrust.toString(), "-storepass", PASSWORD);
        broker = EmbeddedBroker.startTls("tls-client", folder.resolve("server.p12"), PASSWORD, clientTrust);

        agent = startAgent(ca, clientCert, clientKey);

        awaitState("CONNECTED");
    }

    @Test
    void withoutAClientCertificateABrokerThatRequiresOneRefuses() throws Exception {
        Path ca = givenABrokerCertificate("server", "ip:127.0.0.1");
        givenABrokerCertificate("device", "dns:device.example");
        Path clientTrust = folder.resolve("clients.p12");
        run(keytool(), "-importcert", "-noprompt", "-alias", "device", "-file", folder.resolve("device.pem").toString(),
                "-storetype", "PKCS12", "-keystore", clientTrust.toString(), "-storepass", PASSWORD);
        broker = EmbeddedBroker.startTls("tls-noclient", folder.resolve("server.p12"), PASSWORD, clientTrust);

        agent = startAgent(ca);

        awaitLastError("cannot connect to " + broker.uri());
        assertThat(agent.status().connection()).isNotEqualTo("CONNECTED");
    }

    /** The key of name.p12 as an unencrypted PKCS#8 PEM file, as an operator would put it in etc/. */
    private Path privateKeyPem(String name) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(folder.resolve(name + ".p12"))) {
            store.load(in, PASSWORD.toCharArray());
        }
        byte[] pkcs8 = store.getKey("broker", PASSWORD.toCharArray()).getEncoded();
        Path pem = folder.resolve(name + ".key.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64,
                new byte[] {'\n'}).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
        return pem;
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private Agent startAgent(Path ca) throws Exception {
        return startAgent(ca, null, null);
    }

    private Agent startAgent(Path ca, Path certFile, Path keyFile) throws Exception {
        Path home = Files.createDirectories(folder.resolve("home"));
        AgentSettings settings = new AgentSettings(List.of(broker.uri()), "test", "tls1", List.of(), ca, certFile, keyFile,
                Files.createDirectories(home.resolve("etc/trust")), 0, 30, 4096, 10, 1, home.resolve("data/remote"));
        Agent started = new Agent(settings, Map::of, () -> null, () -> null, Map::of, Clock.systemUTC());
        started.start();
        return started;
    }

    /** A self-signed certificate for the broker (its own CA), in name.p12, and its PEM in name.pem. */
    private Path givenABrokerCertificate(String name, String san) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Assumptions.assumeTrue(Files.isExecutable(keytool), "skipping: no keytool in " + keytool.getParent());
        Files.createDirectories(folder);
        Path store = folder.resolve(name + ".p12");
        run(keytool.toString(), "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Path pem = folder.resolve(name + ".pem");
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", "broker", "-keystore", store.toString(), "-storepass",
                PASSWORD, "-file", pem.toString());
        return pem;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue()).as("%s%n%s", String.join(" ", command), out).isZero();
    }

    private void awaitState(String state) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!agent.status().connection().equals(state) && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(agent.status().connection()).as("last error: %s", agent.status().lastError()).isEqualTo(state);
    }

    private void awaitLastError(String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while ((agent.status().lastError() == null || !agent.status().lastError().contains(text))
                && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(agent.status().lastError()).contains(text);
    }
}
