package org.modelgate.remote.mqtt.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto broker, started by a test on free ports with a generated configuration:
 * <ul>
 * <li>a plain listener on 127.0.0.1, anonymous clients allowed, no ACL (for the interoperability round trip);</li>
 * <li>a TLS 1.3 listener on 127.0.0.1 that requires a client certificate signed by the test CA, takes the
 * certificate's CN as the username ({@code use_identity_as_username}) and applies an ACL keyed on it: every
 * device reads and writes {@code modelgate/+/%u/#} only, the controller all of {@code modelgate/#}; every device
 * reads group commands {@code modelgate/+/group/+/cmd/#} and may write (not read) answers under
 * {@code modelgate/+/group/+/reply/#}.</li>
 * </ul>
 * Persistence (retained messages, sessions) lives in the fixture's folder, so {@link #restart()} keeps them, on the
 * same ports. Skipped (JUnit assumption) where mosquitto is not installed.
 *
 * <pre>
 * try (Mosquitto broker = Mosquitto.start(Path.of("target/mosquitto-acl"), certificates)) {
 *     String uri = broker.tlsUri();   // ssl://localhost:port
 * }
 * </pre>
 */
final class Mosquitto implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String READY_LINE = " running";

    private final Path folder;
    private final int plainPort;
    private final int tlsPort;
    private final Path config;
    private final Path log;
    private Process process;
    private int starts;

    private Mosquitto(Path folder, int plainPort, int tlsPort) {
        this.folder = folder.toAbsolutePath();
        this.plainPort = plainPort;
        this.tlsPort = tlsPort;
        this.config = this.folder.resolve("mosquitto.conf");
        this.log = this.folder.resolve("mosquitto.log");
    }

    /** Skips the calling test, with a message saying what to install, where mosquitto is absent. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(EXECUTABLE), "mosquitto is not installed (" + EXECUTABLE
                + " missing): apt-get install mosquitto mosquitto-clients (as .ci/run does) to run this test");
    }

    /**
     * Starts a broker with a fresh folder (its old contents deleted) and waits until it accepts connections.
     *
     * @param folder the broker's folder under target/: configuration, ACL, persistence, log
     * @param certificates the test PKI: the broker's certificate and the CA it trusts for clients
     * @return the running broker
     */
    static Mosquitto start(Path folder, TestCertificates certificates) {
        assumeInstalled();
        try {
            TestCertificates.deleteTree(folder);
            Files.createDirectories(folder.resolve("data"));
            Mosquitto broker = new Mosquitto(folder, freePort(), freePort());
            broker.writeConfig(certificates);
            broker.startProcess();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare mosquitto's folder " + folder, e);
        }
    }

    /** The plain listener's port (127.0.0.1, anonymous, no ACL). */
    int plainPort() {
        return plainPort;
    }

    /** The TLS listener's port (127.0.0.1, client certificates, ACL). */
    int tlsPort() {
        return tlsPort;
    }

    /** The plain listener as a Paho URI. */
    String plainUri() {
        return "tcp://127.0.0.1:" + plainPort;
    }

    /** The TLS listener as a Paho URI, by the name its certificate carries. */
    String tlsUri() {
        return "ssl://localhost:" + tlsPort;
    }

    /** Whether the broker process is running. */
    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker (SIGTERM: it saves its persistence file) and waits for it to end. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Starts the broker again on the same ports with the same folder (retained messages kept). */
    void restart() {
        stop();
        startProcess();
    }

    /** The broker's log so far, to explain a failure. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log yet)";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The broker's log since its last (re)start. */
    String logSinceLastStart() {
        String all = log();
        int start = all.lastIndexOf("---- start " + starts + "\n");
        return start < 0 ? all : all.substring(start);
    }

    @Override
    public void close() {
        stop();
    }

    private void writeConfig(TestCertificates certificates) throws IOException {
        Path acl = folder.resolve("acl");
        Files.writeString(acl, String.join("\n",
                "# Keyed on the certificate's CN (use_identity_as_username), never on the spoofable client id.",
                "user " + TestCertificates.CONTROLLER,
                "topic readwrite modelgate/#",
                "",
                "pattern readwrite modelgate/+/%u/#",
                "pattern read modelgate/+/group/+/cmd/#",
                "# Answers to group commands: every device may write there, none may read (only the controller).",
                "pattern write modelgate/+/group/+/reply/#",
                ""));
        TestCertificates.Identity server = certificates.server();
        Files.writeString(config, String.join("\n",
                "per_listener_settings true",
                "user " + System.getProperty("user.name"),
                "persistence true",
                "persistence_location " + folder.resolve("data") + "/",
                "log_dest stderr",
                "log_type all",
                "log_timestamp_format %H:%M:%S",
                "connection_messages true",
                "",
                "listener " + plainPort + " 127.0.0.1",
                "allow_anonymous true",
                "",
                "listener " + tlsPort + " 127.0.0.1",
                "cafile " + certificates.caFile().toAbsolutePath(),
                "certfile " + server.certFile().toAbsolutePath(),
                "keyfile " + server.keyFile().toAbsolutePath(),
                "tls_version tlsv1.3",
                "require_certificate true",
                "use_identity_as_username true",
                "allow_anonymous false",
                "acl_file " + acl,
                ""));
    }

    private void startProcess() {
        starts++;
        try {
            Files.writeString(log, "---- start " + starts + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            long logStart = Files.size(log);
            process = new ProcessBuilder(List.of(EXECUTABLE.toString(), "-c", config.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            awaitReady(logStart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + EXECUTABLE, e);
        }
    }

    private void awaitReady(long logStart) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + " at start; its log:\n"
                        + log());
            }
            String since = Files.readString(log, StandardCharsets.UTF_8).substring((int) logStart);
            if (since.contains(READY_LINE) && since.contains("port " + tlsPort)) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("mosquitto did not report it was running within " + START_TIMEOUT
                + "; its log:\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
