package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.deleteTree;
import static org.modelgate.distribution.ItFiles.freePort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SigningKey;

/**
 * The demo model encrypted at rest in the built distribution: an operator signs the iris model as 1.1.0
 * and installs it over SSH (mg:install); the stock gateway (trust feature: device key in etc/keys) makes its
 * device key, writes the model file encrypted, and no run of the model's bytes is on disk. Activated, the
 * version predicts exactly what the plain 1.0.0 predicted, again after a restart (decrypted in memory,
 * signature verified on those bytes). A byte changed on disk leaves it FAILED with the reason at the next
 * start, while the gateway keeps running. Skipped without the OpenSSH client, as {@link SshConsoleIT}.
 */
class EncryptedDemoModelIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MAGIC = { (byte) 0x89, 'M', 'G', 'E', 'N', 'C', '\r', '\n' };
    /** Iris samples: sepal length, sepal width, petal length, petal width (cm). */
    private static final List<List<Double>> SAMPLES = List.of(List.of(5.1, 3.5, 1.4, 0.2), List.of(6.4, 3.2, 4.5, 1.5),
            List.of(6.3, 3.3, 6.0, 2.5), List.of(5.9, 3.0, 5.1, 1.8));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path work;
    private Path home;
    private Path log;
    private Path sshKey;
    private Process gateway;
    private int httpPort;
    private int sshPort;
    private int starts;

    @BeforeEach
    void givenTheDistributionUnpacked() throws Exception {
        Assumptions.assumeTrue(OpenSsh.installed(), "OpenSSH client not installed (" + OpenSsh.SSH + ", " + OpenSsh.SSH_KEYGEN
                + "): apt-get install openssh-client to run this test");
        String platform = System.getProperty("modelgate.platform");
        String host = GatewayIT.hostPlatform();
        Assumptions.assumeTrue(host.equals(platform), () -> "a " + platform + " distribution does not run on " + host);
        work = Path.of(System.getProperty("modelgate.it.dir") + "-encrypted");
        deleteTree(work);
        Files.createDirectories(work);
        Process tar = new ProcessBuilder("tar", "xzf", System.getProperty("modelgate.tarball"), "-C", work.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        try (Stream<Path> top = Files.list(work)) {
            home = top.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("modelgate")).findFirst().orElseThrow();
        }
    }

    @AfterEach
    void killLeftovers() {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly();
        }
    }

    @Test
    void theDemoModelInstalledEncryptedPredictsAsThePlainOneAndNoPlaintextReachesTheDisk() throws Exception {
        Path staged = givenTheDemoModelSignedByAnOperatorAs("1.1.0");
        givenAnAuthorizedSshKey();
        whenTheGatewayRuns();
        List<JsonNode> plain = predictions("1.0.0");

        OpenSsh.Run install = whenSshRuns("mg:install " + staged);

        assertThat(install.exitCode()).as("mg:install: %s", install).isZero();
        thenTheDeviceKeyIsOwnerOnly();
        Path encrypted = home.resolve("models/iris/1.1.0/model.onnx");
        assertThat(Arrays.copyOf(Files.readAllBytes(encrypted), MAGIC.length)).as("encrypted at rest").isEqualTo(MAGIC);
        thenNoRunOfTheModelIsOnDisk(Files.readAllBytes(staged.resolve("model.onnx")));
        assertThat(home.resolve("models/iris/1.1.0/model.json")).hasSameTextualContentAs(staged.resolve("model.json"));

        OpenSsh.Run activate = whenSshRuns("mg:activate iris 1.1.0");
        assertThat(activate.exitCode()).as("mg:activate: %s", activate).isZero();
        assertThat(predictions("1.1.0")).as("same predictions, decrypted in memory").isEqualTo(plain);
        assertThat(whenSshRuns("mg:versions iris").out()).contains("encrypted under key file-");

        thenSigtermStops();
        whenTheGatewayRuns();
        assertThat(predictions("1.1.0")).as("after a restart").isEqualTo(plain);
        thenNoRunOfTheModelIsOnDisk(Files.readAllBytes(staged.resolve("model.onnx")));

        thenSigtermStops();
        byte[] bytes = Files.readAllBytes(encrypted);
        bytes[bytes.length / 2] ^= 0x04;
        Files.write(encrypted, bytes);
        whenTheGatewayRuns();
        awaitLog("does not authenticate");
        OpenSsh.Run models = whenSshRuns("mg:models");
        assertThat(models.out()).containsPattern("(?m)^iris\\s+1\\.1\\.0\\s+FAILED");
        assertThat(get("/v2/health/live").statusCode()).as("the gateway keeps running").isEqualTo(200);
        thenSigtermStops();
    }

    private Path givenTheDemoModelSignedByAnOperatorAs(String version) throws Exception {
        Path folder = Files.createDirectories(work.resolve("staging/iris"));
        Path demo = home.resolve("models/iris/1.0.0");
        Files.copy(demo.resolve("model.onnx"), folder.resolve("model.onnx"));
        String json = Files.readString(demo.resolve("model.json"));
        assertThat(json).contains("\"1.0.0\"");
        Files.writeString(folder.resolve("model.json"), json.replace("\"1.0.0\"", "\"" + version + "\""));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        ModelSignatures.signer(new SigningKey(pair.getPrivate(), pair.getPublic())).sign(folder);
        Files.writeString(home.resolve("etc/trust/model-signer/it-operator.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return folder;
    }

    private void givenAnAuthorizedSshKey() throws Exception {
        sshKey = OpenSsh.newKey(work, "operator");
        Files.writeString(home.resolve("etc/authorized_keys"), Files.readString(Path.of(sshKey + ".pub")),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void whenTheGatewayRuns() throws Exception {
        httpPort = freePort();
        sshPort = freePort();
        log = work.resolve("gateway-" + ++starts + ".log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/modelgate").toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("JAVA_OPTS", "-Xmx128m -Dmodelgate.http.port=" + httpPort + " -Dmodelgate.ssh.port=" + sshPort);
        gateway = builder.start();
        awaitLog("Modelgate started in");
    }

    private List<JsonNode> predictions(String version) throws Exception {
        awaitReady();
        List<JsonNode> outputs = new ArrayList<>();
        for (List<Double> sample : SAMPLES) {
            HttpResponse<String> response = post("/v2/models/iris/infer", "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],"
                    + "\"datatype\":\"FP32\",\"data\":" + JSON.writeValueAsString(sample) + "}]}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("model_version").asText()).isEqualTo(version);
            outputs.add(body.get("outputs"));
        }
        return outputs;
    }

    private void thenTheDeviceKeyIsOwnerOnly() throws IOException {
        Path key = home.resolve("etc/keys/device.key");
        assertThat(key).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent()))).isEqualTo("rwx------");
    }

    /** No 32-byte run of the model's bytes in any file under models/iris/1.1.0, nor anywhere in the models folder but the demo's own. */
    private void thenNoRunOfTheModelIsOnDisk(byte[] model) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(home.resolve("models"))) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(home.resolve("models/iris/1.0.0"))).toList();
        }
        assertThat(files).contains(home.resolve("models/iris/1.1.0/model.onnx"));
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (int start = 0; start + 32 <= model.length; start += Math.max(1, model.length / 16)) {
                String run = new String(model, start, 32, StandardCharsets.ISO_8859_1);
                assertThat(content.contains(run)).as("%s holds model bytes %d..%d", file, start, start + 32).isFalse();
            }
        }
    }

    private OpenSsh.Run whenSshRuns(String command) throws Exception {
        return OpenSsh.run(work, sshKey, sshPort, command);
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            assertThat(gateway.isAlive()).as("gateway exited early:%n%s", logText()).isTrue();
            try {
                if (get("/v2/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("ready within %s:%n%s", START_TIMEOUT, logText()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private void awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!logText().contains(text)) {
            assertThat(gateway.isAlive()).as("gateway exited early:%n%s", logText()).isTrue();
            assertThat(System.nanoTime()).as("'%s' in the log within %s:%n%s", text, START_TIMEOUT, logText()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private void thenSigtermStops() throws Exception {
        gateway.destroy();
        assertThat(gateway.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s:%n%s", logText()).isTrue();
        assertThat(gateway.exitValue()).as(logText()).isZero();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private String logText() {
        return ItFiles.logText(log);
    }
}
