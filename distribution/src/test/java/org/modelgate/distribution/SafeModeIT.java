package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Feature: a crash loop cannot happen. The packaged gateway is killed (kill -9) twice in a row while the integer
 * division model is in trial, as a supervisor restarting it would see; the third start is in safe mode: the log,
 * {@code mg:models} over the SSH console and {@code GET /v2/health} say so, why and how to leave it, the demo
 * model serves and the division model is not loaded. {@code mg:safemode off} leaves safe mode; the model then
 * serves once forced, and the next start is a normal one.
 */
class SafeModeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String DIV = "div";

    private UnpackedDistribution distribution;
    private Path sshKey;
    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private PackagedGateway gateway;
    private int sshPort;
    private int starts;

    @BeforeEach
    void givenTheDistributionWithAnIntegerDivisionModelAndAnSshKey() throws Exception {
        Assumptions.assumeTrue(OpenSsh.installed(), "OpenSSH client not installed (" + OpenSsh.SSH + "): mg:models is "
                + "checked over the SSH console");
        distribution = UnpackedDistribution.unpack("safemode");
        DivisionModel.install(distribution.home(), DIV, "1.0.0");
        sshKey = OpenSsh.newKey(distribution.work(), "operator");
        distribution.authorize(sshKey);
    }

    @Test
    void twoStartsThatDiedPutTheThirdInSafeModeUntilAnOperatorLeavesIt() throws Exception {
        // 1. killed while div 1.0.0 is in its first trial
        whenStarted();
        whenKilledDuringDivsTrial();

        // 2. started again (div is quarantined now), forced by an operator, killed again during that trial
        whenStarted();
        thenReady();
        assertThat(safeMode().get("active").asBoolean()).as("one death is no crash loop").isFalse();
        CompletableFuture<HttpResponse<String>> forced = CompletableFuture.supplyAsync(() -> manage(
                "/v2/repository/models/div/load?force=true"));
        whenKilledDuringDivsTrial();
        forced.handle((r, e) -> null).get(30, TimeUnit.SECONDS);

        // 3. the third start: safe mode, iris serves, div is not loaded, and everything says why
        whenStarted();
        thenReady();
        thenIrisServes();
        awaitLog("safe mode: on since");
        assertThat(gateway.logText()).contains("died 2 times in a row").contains("not loaded: div (1.0.0 in trial");
        JsonNode safeMode = safeMode();
        assertThat(safeMode.get("active").asBoolean()).as(safeMode.toString()).isTrue();
        assertThat(safeMode.get("unclean_ends").asInt()).isEqualTo(2);
        assertThat(safeMode.get("withheld").fieldNames()).toIterable().containsExactly(DIV);
        assertThat(safeMode.get("statement").asText()).startsWith("safe mode: on since ").contains("mg:safemode off");
        assertThat(get("/v2/health/ready").statusCode()).as("readiness stays as OIP has it").isEqualTo(200);
        assertThat(get("/v2/models/div/ready").statusCode()).as("div is not loaded").isNotEqualTo(200);
        OpenSsh.Run models = ssh("mg:models");
        assertThat(models.out()).contains("iris").contains("safe mode: on since").contains("not loaded: div (1.0.0 in");
        HttpResponse<String> plainLoad = manage("/v2/repository/models/div/load");
        assertThat(plainLoad.statusCode()).as(plainLoad.body()).isNotEqualTo(200);
        assertThat(plainLoad.body()).contains("held back in safe mode");

        // 4. the operator leaves safe mode; div's version stays quarantined until forced, then serves
        OpenSsh.Run off = ssh("mg:safemode off");
        assertThat(off.out()).as(off.err()).contains("safe mode left; loading div");
        assertThat(safeMode().get("statement").asText()).isEqualTo("safe mode: off");
        assertThat(ssh("mg:models").out()).doesNotContain("safe mode");
        HttpResponse<String> force = manage("/v2/repository/models/div/load?force=true");
        assertThat(force.statusCode()).as(force.body()).isEqualTo(200);
        thenDivides();

        // 5. an orderly restart is a normal start: everything loads, no safe mode
        stopWithSigterm();
        whenStarted();
        thenReady();
        awaitStatus("/v2/models/div/ready", 200);
        thenDivides();
        thenIrisServes();
        assertThat(safeMode().get("active").asBoolean()).isFalse();
        assertThat(gateway.logText()).doesNotContain("safe mode: on");
        stopWithSigterm();
    }

    // ---- when ----

    private void whenStarted() throws IOException {
        starts++;
        sshPort = freePort();
        gateway = gateways.start(distribution, "gateway-" + starts + ".log", freePort(),
                "-Dmodelgate.ssh.port=" + sshPort);
    }

    private void whenKilledDuringDivsTrial() throws Exception {
        gateway.awaitFile(distribution.home().resolve("models").resolve(DIV).resolve("trial"), "div's trial", TIMEOUT);
        gateway.kill();
        System.out.println("[it] start " + starts + " killed during div's trial");
    }

    private void stopWithSigterm() throws Exception {
        gateway.stopWithSigterm(Duration.ofSeconds(30));
    }

    // ---- then ----

    private void thenReady() throws Exception {
        gateway.awaitIrisReady(TIMEOUT);
        awaitLog("Modelgate started in"); // every bundle active, the SSH console too
    }

    private void thenIrisServes() throws Exception {
        HttpResponse<String> response = post("/v2/models/iris/infer", PackagedGateway.IRIS_REQUEST);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void thenDivides() throws Exception {
        HttpResponse<String> response = post("/v2/models/div/infer", DivisionModel.request(new int[] {9, 8, 7, 6},
                new int[] {3, 2, 7, 3}));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("outputs").get(0).get("data").toString()).isEqualTo("[3,4,1,2]");
    }

    private JsonNode safeMode() throws Exception {
        HttpResponse<String> health = get("/v2/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        return JSON.readTree(health.body()).get("safe_mode");
    }

    // ---- helpers ----

    private OpenSsh.Run ssh(String command) throws Exception {
        OpenSsh.Run run = OpenSsh.run(distribution.work(), sshKey, sshPort, command);
        assertThat(run.exitCode()).as("%s: %s%s", command, run.out(), run.err()).isZero();
        return run;
    }

    private void awaitLog(String text) throws Exception {
        gateway.awaitLog(text, TIMEOUT);
    }

    private void awaitStatus(String path, int status) throws Exception {
        gateway.awaitStatus(path, status, TIMEOUT);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return gateway.get(path);
    }

    private HttpResponse<String> post(String path, String body) {
        return send(() -> gateway.post(path, body, Duration.ofSeconds(60)));
    }

    /** POST {} to a management endpoint (the default features include access), with the operator's token. */
    private HttpResponse<String> manage(String path) {
        return send(() -> gateway.managePost(path, "{}", Duration.ofSeconds(60)));
    }

    private interface Call {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    private static HttpResponse<String> send(Call call) {
        try {
            return call.send();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
