package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged gateway killed and crashed for real, then started again and again: a version that was in
 * trial when the process was killed (kill -9) is quarantined (CRASHED) and never loaded by a start until it is
 * forced; a serving version survives a plain kill -9 (no evidence against it); a request that crashes the
 * gateway itself (an integer Div by zero: SIGFPE in libonnxruntime.so, served in-process) leaves a crash
 * report, and the next start quarantines the version that was running with the report's reason, while the demo
 * model serves at every start.
 */
class CrashQuarantineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final String DIV = "div";

    private UnpackedDistribution distribution;
    private ModelHistory history;
    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private PackagedGateway gateway;
    private int starts;

    @BeforeEach
    void givenTheDistributionWithAnIntegerDivisionModel() throws Exception {
        distribution = UnpackedDistribution.unpack("crash");
        history = new ModelHistory(distribution.home());
        DivisionModel.install(distribution.home(), DIV, "1.0.0");
    }

    @Test
    void aVersionThatDiedWithTheGatewayIsQuarantinedAcrossRestartsUntilForced() throws Exception {
        // 1. killed (SIGKILL) while div 1.0.0 is in its trial
        whenStarted();
        Path trial = distribution.home().resolve("models").resolve(DIV).resolve("trial");
        gateway.awaitFile(trial, "div's trial marker", READY_TIMEOUT);
        gateway.kill();
        System.out.println("[it] killed during div's trial; history " + history(DIV));

        // 2. three starts: iris serves every time, div stays quarantined
        for (int i = 0; i < 3; i++) {
            whenStarted();
            thenReady();
            thenIrisServes();
            assertThat(kinds(DIV)).as("div history at start %d: %s", starts, history(DIV)).contains("CRASHED")
                    .doesNotContain("COMMITTED");
            assertThat(get("/v2/models/div/ready").statusCode()).as("div is not served").isNotEqualTo(200);
            assertThat(lastReason(DIV, "CRASHED")).as("the crash says what was going on").contains("trial");
            // the stock demo model: one trial and its commit at its first start, nothing at the starts after it
            assertThat(kinds("iris")).as("iris history at start %d", starts).containsExactly("TRIAL", "COMMITTED");
            if (i < 2) {
                stopWithSigterm();
            }
        }

        // 3. forced by an operator: it runs its trial again and serves
        HttpResponse<String> forced = gateway.managePost("/v2/repository/models/div/load?force=true", "{}", Duration.ofSeconds(30));
        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
        awaitStatus("/v2/models/div/ready", 200);
        thenDivides();
        assertThat(kinds(DIV)).as(history(DIV).toString()).endsWith("COMMITTED");

        // 4. a plain kill -9 while div serves requests: no evidence against it, it serves after the restart
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        Thread client = new Thread(() -> {
            while (running.get()) {
                try {
                    if (post("/v2/models/div/infer", divisionBody(new int[] {9, 8, 7, 6}, new int[] {3, 2, 7, 3}))
                            .statusCode() == 200) {
                        served.incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    return; // the gateway went away under it
                }
            }
        });
        client.start();
        while (served.get() < 20) {
            Thread.sleep(20);
        }
        gateway.kill();
        running.set(false);
        client.join(10_000);
        whenStarted();
        thenReady();
        awaitStatus("/v2/models/div/ready", 200);
        thenDivides();
        thenIrisServes();

        // 5. a request that divides by zero, served in-process, crashes the gateway itself
        try {
            HttpResponse<String> fatal = post("/v2/models/div/infer", divisionBody(new int[] {1, 2, 3, 4}, new int[] {0, 0, 0, 0}));
            System.out.println("[it] the zero division answered " + fatal.statusCode() + " " + fatal.body());
        } catch (IOException expected) {
            // the connection died with the process
        }
        assertThat(gateway.process().waitFor(60, TimeUnit.SECONDS)).as("the gateway died of the zero division").isTrue();
        System.out.println("[it] the gateway ended with exit code " + gateway.process().exitValue());
        try (Stream<Path> reports = Files.list(distribution.home().resolve("data/crash"))) {
            assertThat(reports.map(p -> p.getFileName().toString()).toList()).as("crash report in data/crash")
                    .anyMatch(name -> name.startsWith("hs_err_pid"));
        }

        // 6. the next starts quarantine div with the crash report's reason; iris serves
        for (int i = 0; i < 2; i++) {
            whenStarted();
            thenReady();
            thenIrisServes();
            assertThat(lastReason(DIV, "CRASHED")).as(history(DIV).toString()).contains("SIGFPE").contains("libonnxruntime.so");
            assertThat(get("/v2/models/div/ready").statusCode()).as("div is quarantined").isNotEqualTo(200);
            // two starts in a row died (the kill -9 while serving, then the SIGFPE): safe mode holds div back too
            JsonNode safeMode = JSON.readTree(get("/v2/health").body()).get("safe_mode");
            assertThat(safeMode.get("active").asBoolean()).as(safeMode.toString()).isTrue();
            assertThat(safeMode.get("withheld").has(DIV)).as(safeMode.toString()).isTrue();
            stopWithSigterm();
        }
    }

    // ---- given / when ----

    private void whenStarted() throws IOException {
        starts++;
        gateway = gateways.start(distribution, "gateway-" + starts + ".log", freePort(), "");
    }

    // ---- then ----

    private void thenReady() throws Exception {
        gateway.awaitIrisReady(READY_TIMEOUT);
    }

    private void thenIrisServes() throws Exception {
        HttpResponse<String> response = post("/v2/models/iris/infer", PackagedGateway.IRIS_REQUEST);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void thenDivides() throws Exception {
        HttpResponse<String> response = post("/v2/models/div/infer", divisionBody(new int[] {9, 8, 7, 6}, new int[] {3, 2, 7, 3}));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("outputs").get(0).get("data").toString()).isEqualTo("[3,4,1,2]");
    }

    private void stopWithSigterm() throws Exception {
        gateway.stopWithSigterm(Duration.ofSeconds(30));
    }

    // ---- helpers ----

    private void awaitStatus(String path, int status) throws Exception {
        try {
            gateway.awaitStatus(path, status, READY_TIMEOUT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nhistory " + history(DIV), e);
        }
    }

    private List<JsonNode> history(String model) throws IOException {
        return history.events(model);
    }

    private List<String> kinds(String model) throws IOException {
        return history.kinds(model);
    }

    private String lastReason(String model, String kind) throws IOException {
        return history.lastReason(model, kind);
    }

    private static String divisionBody(int[] a, int[] b) {
        return DivisionModel.request(a, b);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return gateway.get(path);
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return gateway.post(path, body, Duration.ofSeconds(30));
    }
}
