package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Feature: the packaged gateway under a supervisor. The systemd unit it ships is valid ({@code systemd-analyze
 * verify}, with its paths pointed at this unpacked distribution), {@code bin/modelgate} ends with the codes the
 * unit relies on: 78 for a configuration that cannot work (not restarted), 0 after SIGTERM, and the real
 * {@code systemd-notify} delivers READY=1, WATCHDOG=1 and STOPPING=1 to the socket in NOTIFY_SOCKET (received by
 * a small Python listener, since Java 17 cannot read Unix datagrams).
 */
class SupervisionIT {
    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");
    private UnpackedDistribution distribution;
    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private PackagedGateway gateway;
    private Process listener;

    @BeforeEach
    void givenTheDistribution() throws Exception {
        distribution = UnpackedDistribution.unpack("supervision");
    }

    @AfterEach
    void stopTheListener() {
        if (listener != null && listener.isAlive()) {
            listener.destroyForcibly();
        }
    }

    @Test
    void underSystemdItSaysReadyPingsTheWatchdogAndSaysStopping() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python) && Files.isExecutable(Path.of("/usr/bin/systemd-notify")),
                "skipping the sd_notify check: /usr/bin/python3 or /usr/bin/systemd-notify is not installed");
        Path socket = distribution.work().resolve("notify.sock");
        Path received = distribution.work().resolve("notify.received");
        Path script = distribution.work().resolve("listen.py");
        Files.writeString(script, """
                import socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.bind(sys.argv[1])
                with open(sys.argv[2], "a") as out:
                    while True:
                        out.write(s.recv(4096).decode().replace("\\n", " ").strip() + "\\n")
                        out.flush()
                """);
        listener = new ProcessBuilder(python.toString(), script.toString(), socket.toString(), received.toString())
                .redirectErrorStream(true).redirectOutput(distribution.work().resolve("listen.log").toFile()).start();
        awaitTrue(() -> Files.exists(socket), "the listener's socket");

        whenStarted(Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "2000000"));
        awaitTrue(() -> lines(received).stream().anyMatch(l -> l.startsWith("READY=1 STATUS=started")), "READY=1");
        assertThat(gateway.get("/v2/health/live").statusCode()).as("live when it said READY=1").isEqualTo(200);
        awaitTrue(() -> lines(received).contains("WATCHDOG=1 READY=1"), "a watchdog ping");
        // READY=1 means the framework started; the models load in the background (a big one takes minutes, longer
        // than systemd's start timeout), so /v2/health/ready follows when the last one is loaded
        awaitTrue(() -> {
            try {
                return gateway.isReady();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "/v2/health/ready 200");
        gateway.stopWithSigterm(Duration.ofSeconds(30));
        awaitTrue(() -> lines(received).contains("STOPPING=1"), "STOPPING=1");
    }

    private static java.util.List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : java.util.List.of();
        } catch (IOException e) {
            return java.util.List.of();
        }
    }

    private void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 120 s; received %s%n%s", what,
                    lines(distribution.work().resolve("notify.received")), gateway == null ? "" : gateway.logText())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void theSystemdUnitIsValidAndRestartsOnFailureButNotAfterAConfigurationError() throws Exception {
        Path unit = distribution.home().resolve("etc/systemd/modelgate.service");
        String text = Files.readString(unit);
        assertThat(text).contains("\nType=notify\n", "\nNotifyAccess=all\n", "\nRestart=on-failure\n",
                "\nRestartPreventExitStatus=78\n", "\nExecStart=/opt/modelgate/bin/modelgate\n").containsPattern("\nWatchdogSec=\\d+");
        Assumptions.assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "skipping systemd-analyze verify: " + SYSTEMD_ANALYZE
                + " is not installed (apt-get install systemd)");

        // the unit as an operator installs it for this folder and user
        Path installed = distribution.work().resolve("modelgate.service");
        Files.writeString(installed, text.replace("/opt/modelgate", distribution.home().toString())
                .replaceAll("(?m)^User=.*$", "User=" + System.getProperty("user.name"))
                .replaceAll("(?m)^Group=.*$", ""));
        Path output = distribution.work().resolve("systemd-analyze.out");
        Process verify = new ProcessBuilder(SYSTEMD_ANALYZE.toString(), "verify", "--man=no", installed.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(output);
        assertThat(verify.exitValue()).as(said).isZero();
        // verify exits 0 on unknown keys and bad values too, and only warns: any output is a finding
        assertThat(said).as("systemd-analyze verify %s", installed).isEmpty();
    }

    @Test
    void aConfigurationErrorExitsWith78() throws Exception {
        Path properties = distribution.home().resolve("etc/modelgate.properties");
        Files.writeString(properties, Files.readString(properties).replaceAll("(?m)^modelgate\\.features\\s*=.*$",
                "modelgate.features=core,no-such-feature"));
        whenStarted(Map.of());
        assertThat(gateway.process().waitFor(60, TimeUnit.SECONDS)).as("ended:%n%s", gateway.logText()).isTrue();
        assertThat(gateway.process().exitValue()).as(gateway.logText()).isEqualTo(78);
        assertThat(gateway.logText()).contains("Feature 'no-such-feature' not found").contains("(exit 78, a configuration error)");
    }

    @Test
    void sigtermStopsItWithZero() throws Exception {
        whenStarted(Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!gateway.isReady()) {
            assertThat(gateway.process().isAlive()).as("gateway exited early:%n%s", gateway.logText()).isTrue();
            assertThat(System.nanoTime()).as("ready within 120 s:%n%s", gateway.logText()).isLessThan(deadline);
            Thread.sleep(200);
        }
        gateway.stopWithSigterm(Duration.ofSeconds(30));
    }

    /** Started as systemd would, with this environment (NOTIFY_SOCKET only where given). */
    private void whenStarted(Map<String, String> environment) throws IOException {
        int port = freePort();
        gateway = gateways.start(distribution, "gateway-" + port + ".log", port, "", environment);
    }
}
