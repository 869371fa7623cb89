package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Feature: the packaged gateway managed over MQTT v5. With a broker of its own (Debian's mosquitto, started on a
 * free port; the test is skipped, saying why, where it is not installed) and {@code deploy/org.modelgate.remote.mqtt.cfg}
 * naming it, the gateway publishes a retained {@code online} status and its state (the demo model iris), answers a
 * command sent by {@code mosquitto_rr} (a client no one here wrote) on the response topic, and when it is killed
 * (kill -9) the broker publishes its Last Will: the retained status becomes {@code offline}.
 */
class RemoteAgentIT {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final Path MOSQUITTO_SUB = Path.of("/usr/bin/mosquitto_sub");
    private static final Path MOSQUITTO_RR = Path.of("/usr/bin/mosquitto_rr");
    private static final String DEVICE = "modelgate/it/gw1/";

    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private UnpackedDistribution distribution;
    private Process broker;
    private int brokerPort;
    private PackagedGateway gateway;

    @BeforeEach
    void givenABrokerAndTheDistributionConfiguredForIt() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(MOSQUITTO) && Files.isExecutable(MOSQUITTO_SUB)
                && Files.isExecutable(MOSQUITTO_RR), "skipping: mosquitto, mosquitto_sub or mosquitto_rr is not installed"
                + " (apt-get install mosquitto mosquitto-clients)");
        distribution = UnpackedDistribution.unpack("remote");
        brokerPort = freePort();
        Path conf = distribution.work().resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + brokerPort + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(distribution.work().resolve("mosquitto.log").toFile()).start();
        Files.writeString(distribution.home().resolve("deploy/org.modelgate.remote.mqtt.cfg"),
                "brokerUri=tcp://127.0.0.1:" + brokerPort + "\nfleet=it\ndevice=gw1\n");
    }

    @AfterEach
    void stopTheBroker() {
        if (broker != null && broker.isAlive()) {
            broker.destroyForcibly();
        }
    }

    @Test
    void theGatewayIsOnlineAnswersCommandsAndItsLastWillSaysOfflineWhenItIsKilled() throws Exception {
        gateway = gateways.start(distribution, "gateway.log", freePort(), "");
        gateway.awaitStarted(Duration.ofMinutes(3));

        assertThat(retained("status")).as("retained status; gateway log:%n%s", gateway.logText()).isEqualTo("online");
        gateway.awaitIrisReady(Duration.ofMinutes(3));
        awaitStateNaming("\"iris\"");

        String answer = request("models", "{\"id\":\"it-1\"}");
        assertThat(answer).as("the answer to mosquitto_rr").contains("\"id\":\"it-1\"").contains("\"ok\":");
        String refused = request("nope", "{\"id\":\"it-2\"}");
        assertThat(refused).contains("\"ok\":false").contains("unknown command 'nope'");

        gateway.kill();

        assertThat(awaitRetained("status", "offline")).isEqualTo("offline");
    }

    private String retained(String leaf) throws IOException, InterruptedException {
        return run(List.of(MOSQUITTO_SUB.toString(), "-h", "127.0.0.1", "-p", Integer.toString(brokerPort), "-V", "mqttv5",
                "-t", DEVICE + leaf, "-C", "1", "-W", "120"), 130).strip();
    }

    private String awaitRetained(String leaf, String expected) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String last = null;
        while (System.nanoTime() < end) {
            last = retained(leaf);
            if (last.equals(expected)) {
                return last;
            }
            Thread.sleep(500);
        }
        return last;
    }

    private void awaitStateNaming(String text) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String state = "";
        while (System.nanoTime() < end && !state.contains(text)) {
            state = retained("state");
            Thread.sleep(500);
        }
        assertThat(state).as("retained state").contains(text).contains("\"device\":\"gw1\"");
    }

    private String request(String command, String payload) throws IOException, InterruptedException {
        return run(List.of(MOSQUITTO_RR.toString(), "-h", "127.0.0.1", "-p", Integer.toString(brokerPort),
                "-t", DEVICE + "cmd/" + command, "-e", "modelgate/it/controller/answers", "-m", payload, "-W", "60"), 70);
    }

    private String run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + seconds + " s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), out).isZero();
        return out;
    }
}
