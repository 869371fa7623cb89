package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code bin/modelgate} from an unpacked distribution, as an operator or a supervisor starts it: its
 * HTTP port and any other settings in JAVA_OPTS, its output in a log file under the work folder, stdin a pipe.
 * Waits for the start line and readiness, talks HTTP to it and stops it with SIGTERM or kill -9.
 */
final class PackagedGateway {
    /** An Open Inference Protocol request for the shipped demo model, iris: one flower's sepal and petal sizes. */
    static final String IRIS_REQUEST =
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}";
    private static final String STARTED = "Modelgate started in";
    private static final Duration GET_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final UnpackedDistribution distribution;
    private final Process process;
    private final Path log;
    private final int httpPort;

    private PackagedGateway(UnpackedDistribution distribution, Process process, Path log, int httpPort) {
        this.distribution = distribution;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts the gateway with {@code JAVA_OPTS="-Xmx256m -Dmodelgate.http.port=<httpPort> <javaOpts>"}. */
    static PackagedGateway start(UnpackedDistribution distribution, String logName, int httpPort, String javaOpts)
            throws IOException {
        return start(distribution, logName, httpPort, javaOpts, Map.of());
    }

    /**
     * Starts the gateway as {@link #start(UnpackedDistribution, String, int, String)} does, with these environment
     * variables set; NOTIFY_SOCKET only when given here, so that no supervisor of the build gets the gateway's
     * notifications.
     */
    static PackagedGateway start(UnpackedDistribution distribution, String logName, int httpPort, String javaOpts,
            Map<String, String> environment) throws IOException {
        Path log = distribution.work().resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(distribution.home().resolve("bin/modelgate").toString())
                .directory(distribution.work().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("JAVA_OPTS", ("-Xmx256m -Dmodelgate.http.port=" + httpPort + " " + javaOpts).strip());
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().putAll(environment);
        return new PackagedGateway(distribution, builder.start(), log, httpPort);
    }

    Process process() {
        return process;
    }

    /** The log as it is now, for assertions and their messages. */
    String logText() {
        return ItFiles.logText(log);
    }

    // ---- waiting ----

    /** Waits for "Modelgate started in" (every bundle active); fails when the gateway ends first. */
    void awaitStarted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logText().contains(STARTED)) {
            assertThat(process.isAlive()).as("gateway exited early:%n%s", logText()).isTrue();
            assertThat(System.nanoTime()).as("started within %s:%n%s", timeout, logText()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Waits for the demo model's ready endpoint to answer 200; fails when the gateway ends first. */
    void awaitIrisReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("gateway exited early:%n%s", logText()).isTrue();
            try {
                if (get("/v2/models/iris/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("iris not ready within " + timeout + ":\n" + logText());
    }

    /** Waits for the text in the log. */
    void awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logText().contains(text)) {
            assertThat(System.nanoTime()).as("'%s' in the log:%n%s", text, logText()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Waits for a file the gateway writes, polling often (to catch a short-lived state); fails when it ends first. */
    void awaitFile(Path file, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            assertThat(process.isAlive()).as("gateway exited before %s:%n%s", what, logText()).isTrue();
            assertThat(System.nanoTime()).as("%s within %s:%n%s", what, timeout, logText()).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    /** Waits until GET path answers this status. */
    void awaitStatus(String path, int status, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = get(path).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " answered " + last + ", not " + status + "\n" + logText());
    }

    // ---- stopping ----

    /** SIGTERM, as systemd stops it: the gateway ends within the timeout with exit code 0. */
    void stopWithSigterm(Duration timeout) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("stopped within %s:%n%s", timeout, logText())
                .isTrue();
        assertThat(process.exitValue()).as(logText()).isZero();
    }

    /** kill -9, as a power cut or the OOM killer ends it. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** After a test: kill -9 when a failed assertion left it running, and wait for it to end. */
    void killLeftover() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- HTTP ----

    /** Whether /v2/health/ready answers 200 now (false while it does not listen yet). */
    boolean isReady() throws InterruptedException {
        try {
            return get("/v2/health/ready").statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(GET_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** POSTs a JSON body. */
    HttpResponse<String> post(String path, String json, Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET of a management endpoint, with the distribution's {@link UnpackedDistribution#managementToken()}. */
    HttpResponse<String> manageGet(String path) throws IOException, InterruptedException {
        return http.send(distribution.withManagementToken(HttpRequest.newBuilder(uri(path))).timeout(GET_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** POSTs a JSON body to a management endpoint, with the distribution's {@link UnpackedDistribution#managementToken()}. */
    HttpResponse<String> managePost(String path, String json, Duration timeout) throws IOException, InterruptedException {
        return http.send(distribution.withManagementToken(HttpRequest.newBuilder(uri(path))).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }
}
