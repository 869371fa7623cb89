package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.deleteTree;
import static org.modelgate.distribution.ItFiles.freePort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built distribution end to end: the tar.gz is unpacked, bin/modelgate runs as a process (from
 * another working directory, with the port given in JAVA_OPTS), the demo model answers over the
 * Open Inference Protocol, a bad request gets a 4xx with {"error"} and the gateway keeps serving,
 * SIGTERM stops it cleanly; a second start reuses the framework cache. Stock, access control is on: a management
 * call without a token is refused (401 with a Bearer challenge) while inference needs none.
 */
class GatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern STARTED = Pattern.compile("Modelgate started in (\\d+) ms");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path home;
    private UnpackedDistribution distribution;
    private Path log;
    private Process gateway;
    private int port;
    private long startedAt;

    @BeforeEach
    void givenTheDistributionUnpacked() throws Exception {
        String platform = System.getProperty("modelgate.platform");
        String host = hostPlatform();
        Assumptions.assumeTrue(host.equals(platform), () -> "a " + platform + " distribution does not run on " + host);
        Path tarball = Path.of(System.getProperty("modelgate.tarball"));
        Path itDir = Path.of(System.getProperty("modelgate.it.dir"));
        deleteTree(itDir);
        Files.createDirectories(itDir);
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", itDir.toString()).inheritIO().start();
        assertThat(tar.waitFor()).as("tar xzf " + tarball).isZero();
        try (Stream<Path> top = Files.list(itDir)) {
            home = top.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        distribution = new UnpackedDistribution(itDir, home);
        port = freePort();
    }

    @AfterEach
    void killLeftovers() {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly();
        }
    }

    @Test
    void servesTheDemoModelAndStopsCleanlyOnSigterm() throws Exception {
        whenStarted("first");
        thenReady();
        long bootMillis = bootMillisFromLog();
        System.out.println("[it] first start: started in " + bootMillis + " ms");

        thenPredicts(List.of(5.1, 3.5, 1.4, 0.2), "setosa");
        thenPredicts(List.of(6.4, 3.2, 4.5, 1.5), "versicolor");
        thenPredicts(List.of(6.7, 3.0, 5.2, 2.3), "virginica");
        thenManagementNeedsATokenWhileInferenceIsOpen();
        thenABadRequestIsA4xxWithAnError();
        thenReady();
        thenPredicts(List.of(5.9, 3.0, 5.1, 1.8), "virginica");
        thenMetricsCount(4, 1);
        thenAConfigurationDroppedIntoDeployTakesEffectAndIsUndoneWhenRemoved();

        thenSigtermStopsWithExitCode0();

        // Restart on the same home: the cache is reused, nothing is installed twice.
        port = freePort();
        whenStarted("second");
        thenReady();
        assertThat(Files.readString(log)).doesNotContain("Uninstalling").doesNotContain("ERROR");
        thenPredicts(List.of(5.1, 3.5, 1.4, 0.2), "setosa");
        System.out.println("[it] second start: started in " + bootMillisFromLog() + " ms");
        thenSigtermStopsWithExitCode0();

        // A byte appended to the signed demo model while the gateway is down: the next start refuses it.
        Path onnx = home.resolve("models/iris/1.0.0/model.onnx");
        Files.write(onnx, new byte[] { 0 }, java.nio.file.StandardOpenOption.APPEND);
        port = freePort();
        whenStarted("third");
        thenReady();
        HttpResponse<String> index = send(distribution.withManagementToken(postRequest("/v2/repository/index", "{}")));
        assertThat(index.body()).contains("\"state\":\"UNAVAILABLE\"").contains("does not verify")
                .contains("model.onnx");
        assertThat(get("/v2/models/iris/ready").statusCode()).isNotEqualTo(200);
        HttpResponse<String> refused = post("/v2/models/iris/infer",
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}");
        assertThat(refused.statusCode()).as(refused.body()).isBetween(400, 599);
        thenSigtermStopsWithExitCode0();
    }

    private void whenStarted(String name) throws IOException {
        log = home.getParent().resolve("gateway-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/modelgate").toString())
                .directory(home.getParent().toFile()) // not the home: the script must find it itself
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE); // no terminal: the shell must stay quiet
        builder.environment().put("JAVA_OPTS", "-Xmx256m -Dmodelgate.http.port=" + port);
        startedAt = System.nanoTime();
        gateway = builder.start();
    }

    private void thenReady() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(gateway.isAlive()).as("gateway exited early (code %s):%n%s", exitCodeOrNull(), logText()).isTrue();
            try {
                HttpResponse<String> response = get("/v2/health/ready");
                if (response.statusCode() == 200) {
                    if (startedAt != 0) {
                        System.out.println("[it] process start to /v2/health/ready 200: " + (System.nanoTime() - startedAt) / 1_000_000 + " ms");
                        startedAt = 0;
                    }
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready within " + READY_TIMEOUT + ":\n" + logText());
    }

    private void thenPredicts(List<Double> features, String expected) throws Exception {
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":"
                + JSON.writeValueAsString(features) + "}]}";
        HttpResponse<String> response = post("/v2/models/iris/infer", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode output = JSON.readTree(response.body()).get("outputs").get(0);
        assertThat(output.get("name").asText()).isEqualTo("output");
        assertThat(output.get("shape").toString()).isEqualTo("[1,3]");
        JsonNode probabilities = output.get("data");
        int best = 0;
        for (int i = 1; i < probabilities.size(); i++) {
            if (probabilities.get(i).asDouble() > probabilities.get(best).asDouble()) {
                best = i;
            }
        }
        assertThat(labels().get(best)).as("prediction for %s: %s", features, probabilities).isEqualTo(expected);
    }

    /** GET /metrics (feature monitor, in the default list) counts the served and the rejected iris requests. */
    private void thenMetricsCount(int served, int rejected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String text = get("/metrics").body();
        while (metric(text, "modelgate_inference_request_success_total", "model=\"iris\"") != served
                || metric(text, "modelgate_inference_request_failure_total", "reason=\"rejected\"") != rejected) {
            assertThat(System.nanoTime()).as("iris counted %d served, %d rejected at /metrics:%n%s", served, rejected, text)
                    .isLessThan(deadline);
            Thread.sleep(100);
            text = get("/metrics").body();
        }
        assertThat(metric(text, "modelgate_model_state", "state=\"ready\"")).isEqualTo(1);
    }

    /** The value of the first series of {@code name} whose labels contain {@code label}; -1 when there is none. */
    private static double metric(String text, String name, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label) + "[^}]*\\} (\\S+)$")
                .matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }

    /**
     * The default features include access: the repository index (a management endpoint) is refused without a
     * credential, with the challenge and a reason, and served with a token from bin/modelgate token add; inference
     * (thenPredicts) needs none.
     */
    private void thenManagementNeedsATokenWhileInferenceIsOpen() throws Exception {
        HttpResponse<String> anonymous = post("/v2/repository/index", "{}");
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"modelgate\"");
        assertThat(JSON.readTree(anonymous.body()).get("error").asText()).contains("needs a credential with role manage");
        HttpResponse<String> unload = post("/v2/repository/models/iris/unload", "{}");
        assertThat(unload.statusCode()).as(unload.body()).isEqualTo(401);
        HttpResponse<String> index = send(distribution.withManagementToken(postRequest("/v2/repository/index", "{}")));
        assertThat(index.statusCode()).as(index.body()).isEqualTo(200);
        assertThat(index.body()).contains("\"name\":\"iris\"");
    }

    private void thenABadRequestIsA4xxWithAnError() throws Exception {
        HttpResponse<String> malformed = post("/v2/models/iris/infer", "{\"inputs\": [");
        assertThat(malformed.statusCode()).isBetween(400, 499);
        assertThat(JSON.readTree(malformed.body()).get("error").asText()).isNotBlank();

        HttpResponse<String> wrongShape = post("/v2/models/iris/infer",
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}");
        assertThat(wrongShape.statusCode()).as(wrongShape.body()).isBetween(400, 499);
        assertThat(JSON.readTree(wrongShape.body()).get("error").asText()).isNotBlank();

        HttpResponse<String> unknown = post("/v2/models/no-such-model/infer",
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isNotBlank();
    }

    /** FileInstall watches deploy/: a .cfg there reaches ConfigAdmin and the running REST bundle, and leaves with its file. */
    private void thenAConfigurationDroppedIntoDeployTakesEffectAndIsUndoneWhenRemoved() throws Exception {
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}";
        Path cfg = home.resolve("deploy").resolve("org.modelgate.rest.cfg");
        Files.writeString(cfg, "maxRequestBytes=" + (body.length() - 1) + "\n");
        awaitStatus(body, 413, "a request one byte over the limit set in " + cfg);

        Files.delete(cfg);
        awaitStatus(body, 200, "the default limit again after deleting " + cfg);
    }

    private void awaitStatus(String body, int status, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = post("/v2/models/iris/infer", body).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("expected " + status + " for " + what + " within 20 s, last " + last + ":\n" + logText());
    }

    private void thenSigtermStopsWithExitCode0() throws Exception {
        List<ProcessHandle> descendants = gateway.descendants().toList();
        assertThat(descendants).as("bin/modelgate must exec java, leaving no shell or child behind").isEmpty();
        long begin = System.nanoTime();
        gateway.destroy(); // SIGTERM
        assertThat(gateway.waitFor(15, TimeUnit.SECONDS)).as("stopped within 15 s:%n%s", logText()).isTrue();
        long millis = (System.nanoTime() - begin) / 1_000_000;
        System.out.println("[it] SIGTERM to exit: " + millis + " ms");
        assertThat(gateway.exitValue()).as(logText()).isZero();
        assertThat(logText()).contains("Modelgate stopped in");
        try (ServerSocket socket = new ServerSocket(port)) {
            assertThat(socket.getLocalPort()).as("port released").isEqualTo(port);
        }
    }

    private List<String> labels() throws IOException {
        JsonNode labels = JSON.readTree(home.resolve("models/iris/1.0.0/model.json").toFile()).get("labels");
        List<String> result = new ArrayList<>();
        labels.forEach(label -> result.add(label.asText()));
        return result;
    }

    private long bootMillisFromLog() throws InterruptedException {
        // /v2/health/ready may answer before the last bundles (start-order 30 and up) are active.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!STARTED.matcher(logText()).find() && System.nanoTime() < deadline && gateway.isAlive()) {
            Thread.sleep(100);
        }
        Matcher matcher = STARTED.matcher(logText());
        assertThat(matcher.find()).as("a started line in the log:%n%s", logText()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(postRequest(path, body));
    }

    private HttpRequest.Builder postRequest(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String logText() {
        return ItFiles.logText(log);
    }

    private Integer exitCodeOrNull() {
        return gateway.isAlive() ? null : gateway.exitValue();
    }

    static String hostPlatform() {
        String arch = System.getProperty("os.arch");
        arch = arch.equals("amd64") ? "x86_64" : arch.equals("arm64") ? "aarch64" : arch;
        return (System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("linux") ? "linux" : System.getProperty("os.name"))
                + "-" + arch;
    }
}
