package org.modelgate.remote.mqtt.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto-clients (mosquitto_pub, mosquitto_sub, mosquitto_rr): MQTT clients no one here wrote, run as
 * processes against a {@link Mosquitto} broker. Skipped (JUnit assumption) where they are not installed.
 */
final class MosquittoClients {
    private static final Path BIN = Path.of("/usr/bin");

    /**
     * What a client printed and how it ended.
     *
     * @param exitCode its exit status, or -1 when it was stopped at the timeout
     * @param stdout what it printed (the payloads)
     * @param stderr its errors
     */
    record Result(int exitCode, String stdout, String stderr) {
        /** Whether it ended by itself with status 0. */
        boolean succeeded() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", stdout [" + stdout.strip() + "], stderr [" + stderr.strip() + "]";
        }
    }

    private MosquittoClients() {
    }

    /** Skips the calling test, with a message saying what to install, where the clients are absent. */
    static void assumeInstalled() {
        for (String client : List.of("mosquitto_pub", "mosquitto_sub", "mosquitto_rr")) {
            assumeTrue(Files.isExecutable(BIN.resolve(client)), client + " is not installed: apt-get install "
                    + "mosquitto-clients (as .ci/run does) to run this test");
        }
    }

    /**
     * The connection options for the broker's TLS listener with an identity's certificate, MQTT 5.
     *
     * @param broker the broker
     * @param trusted the CA certificate the client trusts
     * @param identity whose certificate and key it presents
     * @return the options
     */
    static List<String> tls(Mosquitto broker, Path trusted, TestCertificates.Identity identity) {
        return List.of("-V", "5", "-h", "localhost", "-p", String.valueOf(broker.tlsPort()),
                "--cafile", trusted.toAbsolutePath().toString(),
                "--cert", identity.certFile().toAbsolutePath().toString(),
                "--key", identity.keyFile().toAbsolutePath().toString());
    }

    /**
     * The connection options for the broker's plain listener, MQTT 5.
     *
     * @param broker the broker
     * @return the options
     */
    static List<String> plain(Mosquitto broker) {
        return List.of("-V", "5", "-h", "127.0.0.1", "-p", String.valueOf(broker.plainPort()));
    }

    /**
     * Runs a client to its end, or stops it at the timeout.
     *
     * @param client mosquitto_pub, mosquitto_sub or mosquitto_rr
     * @param connection the options from {@link #tls} or {@link #plain}
     * @param timeout how long it may run
     * @param args the client's own options
     * @return what it printed and how it ended
     */
    static Result run(String client, List<String> connection, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(BIN.resolve(client).toString());
        command.addAll(connection);
        command.addAll(List.of(args));
        try {
            // Output to files, not pipes: nothing to drain, nothing blocks when a client prints a lot.
            Path out = Files.createTempFile(client, ".out");
            Path err = Files.createTempFile(client, ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                process.getOutputStream().close();
                boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!ended) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
                return new Result(ended ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + client, e);
        }
    }
}
