package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every feature set a user may pick, from the packaged distribution: {@code bin/modelgate check}
 * resolves each (every bundle a feature's bundles import is provisioned by the set), a set missing a
 * prerequisite is refused naming what is missing, and the headless gateway (no http, no rest: managed
 * over its console, later over MQTT) boots and answers {@code mg:models} on its local console.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeatureSetsIT {
    private static final String ENGINE = "core,onnxruntime,onnxruntime-native-${modelgate.platform},accel-cpu";
    private static final String HEADLESS = ENGINE + ",console";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private UnpackedDistribution distribution;
    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private PackagedGateway gateway;

    @BeforeAll
    void givenTheDistributionUnpacked() throws Exception {
        distribution = UnpackedDistribution.unpack("features");
    }

    Stream<Arguments> featureSets() throws IOException {
        return Stream.of(
                Arguments.of("headless", HEADLESS),
                Arguments.of("headless with signatures and hot deployment", HEADLESS + ",trust,fileinstall"),
                Arguments.of("REST", ENGINE + ",http,rest"),
                Arguments.of("REST + SSH", ENGINE + ",http,rest,console,ssh"),
                Arguments.of("REST + web console", ENGINE + ",http,rest,webconsole"),
                Arguments.of("the default (etc/modelgate.properties)", defaultFeatures()),
                Arguments.of("everything shipped", defaultFeatures() + ",webconsole,djl,accel-sample-npu,accel-openvino,accel-dnnl,optimize,fleet,grpc"),
                Arguments.of("core alone", "core"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("featureSets")
    void theFeatureSetResolves(String name, String features) throws Exception {
        Check check = whenChecked(features);

        assertThat(check.exitCode()).as("bin/modelgate check of %s:%n%s", features, check.output()).isZero();
        assertThat(check.output()).containsPattern("Features \\[.*\\] resolve: \\d+ bundles");
    }

    /** Each feature with only what features/README.md says it needs: the "needs" column is complete. */
    Stream<Arguments> featuresWithWhatTheyNeed() {
        String nativeFeature = "onnxruntime-native-${modelgate.platform}";
        return Stream.of(
                Arguments.of("onnxruntime", "core,onnxruntime"),
                Arguments.of(nativeFeature, "core,onnxruntime," + nativeFeature),
                Arguments.of("djl", "core,onnxruntime,djl"),
                Arguments.of("accel-cpu", "core,onnxruntime,accel-cpu"),
                Arguments.of("accel-openvino", "core,onnxruntime,accel-openvino"),
                Arguments.of("accel-dnnl", "core,onnxruntime,accel-dnnl"),
                Arguments.of("accel-sample-npu", "core,accel-sample-npu"),
                Arguments.of("console", "core,console"),
                Arguments.of("ssh", "core,ssh"),
                Arguments.of("trust", "core,trust"),
                Arguments.of("fileinstall", "core,fileinstall"),
                Arguments.of("remote", "core,remote"),
                Arguments.of("fleet", "core,fleet"),
                Arguments.of("http", "core,http"),
                Arguments.of("rest", "core,http,rest"),
                Arguments.of("webconsole", "core,http,webconsole"),
                Arguments.of("monitor", "core,http,monitor"),
                Arguments.of("drift", "core,drift"),
                Arguments.of("health", "core,http,monitor,drift,health"),
                Arguments.of("explain", "core,drift,explain"),
                Arguments.of("energy", "core,energy"),
                Arguments.of("optimize", "core,onnxruntime,optimize"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("featuresWithWhatTheyNeed")
    void eachFeatureResolvesWithOnlyWhatItNeeds(String feature, String features) throws Exception {
        Check check = whenChecked(features);

        assertThat(check.exitCode()).as("%s with %s:%n%s", feature, features, check.output()).isZero();
    }

    @Test
    void aSetWithoutAPrerequisiteIsRefusedNamingWhatIsMissing() throws Exception {
        Check check = whenChecked(ENGINE + ",rest");

        assertThat(check.exitCode()).as("a configuration error").isEqualTo(78);
        assertThat(check.output()).contains("Features do not resolve").contains("do not resolve")
                .contains("org.modelgate.rest").contains("osgi.wiring.package=jakarta.servlet")
                .contains("feature 'http' exports jakarta.servlet, jakarta.servlet.http: add it to modelgate.features");
    }

    @Test
    void theHeadlessGatewayBootsAndAnswersMgModelsOnItsConsole() throws Exception {
        whenStartedHeadless();

        String models = whenTyped("mg:models", "iris");

        assertThat(models).contains("NAME").containsPattern("(?m)iris\\s+1\\.0\\.0\\s+READY");
        String started = gateway.logText();
        assertThat(started).contains("Modelgate started in").doesNotContain("ERROR")
                .doesNotContain("org.modelgate.rest").doesNotContain("jetty");
        gateway.stopWithSigterm(Duration.ofSeconds(15));
    }

    @Test
    void theHeadlessGatewayWithTheOptimizerWritesCandidatesOfAnInstalledModelWithoutInstallingThem() throws Exception {
        gateway = gateways.start(distribution, "optimize.log", freePort(),
                "-Dgosh.args= -Dmodelgate.features=" + HEADLESS + ",optimize");
        gateway.awaitStarted(START_TIMEOUT);
        whenTyped("mg:models", "iris");
        Path out = distribution.work().resolve("candidates");

        int before = gateway.logText().length();
        OutputStream stdin = gateway.process().getOutputStream();
        stdin.write(("mg:optimize iris --runs 5 --out " + out + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String answer = "";
        while (System.nanoTime() < deadline && !answer.contains("nothing installed")) {
            Thread.sleep(500);
            String text = gateway.logText();
            answer = text.length() > before ? text.substring(before) : "";
        }

        assertThat(answer).contains("original", "int8-dynamic", "wrote " + out.resolve("iris-1.0.0-int8-dynamic"),
                "nothing installed");
        assertThat(out.resolve("iris-1.0.0-int8-dynamic/model.json")).content().contains("\"version\" : \"1.0.1\"");
        assertThat(distribution.home().resolve("models/iris/1.0.1")).as("never installed").doesNotExist();
        gateway.stopWithSigterm(Duration.ofSeconds(15));
    }

    private record Check(int exitCode, String output) {
    }

    private Check whenChecked(String features) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(distribution.home().resolve("bin/modelgate").toString(), "check")
                .directory(distribution.work().toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_OPTS", "-Xmx128m -Dmodelgate.features=" + features);
        Process check = builder.start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).as("check ended").isTrue();
        assertThat(distribution.home().resolve("data/check")).as("the check leaves no cache behind").doesNotExist();
        return new Check(check.exitValue(), output);
    }

    /** Like an operator at a terminal: no -Dgosh.args, so the launcher would go quiet; an empty one keeps the shell reading stdin. */
    private void whenStartedHeadless() throws Exception {
        gateway = gateways.start(distribution, "headless.log", freePort(), "-Dgosh.args= -Dmodelgate.features=" + HEADLESS);
        gateway.awaitStarted(START_TIMEOUT);
    }

    /** Types a command into the gateway's console and returns what the log shows after it once {@code expected} appears. */
    private String whenTyped(String command, String expected) throws Exception {
        int before = gateway.logText().length();
        OutputStream stdin = gateway.process().getOutputStream();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String answer = "";
        // The model loads after the start line; ask again until it is listed READY.
        while (System.nanoTime() < deadline) {
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            Thread.sleep(1000);
            String text = gateway.logText();
            answer = text.length() > before ? text.substring(before) : "";
            if (answer.contains(expected) && answer.matches("(?s).*" + expected + "\\s+\\S+\\s+READY.*")) {
                return answer;
            }
        }
        throw new AssertionError("no answer to " + command + " with " + expected + " READY:\n" + answer);
    }

    private String defaultFeatures() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(distribution.home().resolve("etc/modelgate.properties"))) {
            properties.load(in);
        }
        return properties.getProperty("modelgate.features");
    }
}
