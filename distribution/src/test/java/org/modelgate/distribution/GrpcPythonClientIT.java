package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feature: a gRPC client no one here wrote talks to the packaged gateway. Debian's python3-grpcio and
 * python3-grpc-tools compile the protocol's grpc_service.proto and model_config.proto (into target/) and a small script
 * (src/test/resources/triton_grpc_client.py) calls ServerLive, ServerReady, ServerMetadata, ModelMetadata and ModelInfer
 * with raw contents against bin/modelgate with the grpc feature; then sends raw contents of the wrong size, an
 * unknown version and a message over the limit, each refused with its status and reason, and is served again after;
 * then asks ModelStatistics (its two inferences and one failure counted, the figures REST's /stats gives right after)
 * and ModelConfig (REST's /config in Triton's message).
 * Skips, saying why, when Python's grpc or grpc_tools is missing.
 */
class GrpcPythonClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int LIMIT = 64 * 1024;
    /** Debian's interpreter, where apt puts python3-grpcio (a pyenv or venv python3 earlier on the PATH lacks it). */
    private static final String PYTHON = System.getProperty("modelgate.python",
            Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3");

    private UnpackedDistribution distribution;
    private PackagedGateway gateway;
    private int grpcPort;

    @BeforeEach
    void givenPythonGrpcAndTheDistribution() throws Exception {
        Run probe = run(List.of(PYTHON, "-c", "import grpc, grpc_tools"), Path.of("."));
        Assumptions.assumeTrue(probe.exitCode() == 0,
                () -> PYTHON + " -c 'import grpc, grpc_tools' failed (apt-get install python3-grpcio python3-grpc-tools): "
                        + probe.output());
        distribution = UnpackedDistribution.unpack("grpc");
        grpcPort = ItFiles.freePort();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (gateway != null && gateway.process().isAlive()) {
            gateway.stopWithSigterm(Duration.ofSeconds(60));
        }
    }

    @Test
    void pythonsGrpcClientGetsMetadataRawInferenceClearRefusalsStatisticsAndConfiguration() throws Exception {
        Path stubs = givenStubsCompiledFromTheProto();
        gateway = PackagedGateway.start(distribution, "gateway-grpc.log", ItFiles.freePort(),
                "-Dmodelgate.features=" + defaultFeatures() + ",grpc -Dmodelgate.grpc.port=" + grpcPort
                        + " -Dmodelgate.grpc.maxMessageBytes=" + LIMIT);
        gateway.awaitIrisReady(TIMEOUT);

        JsonNode result = whenThePythonClientRuns(stubs);
        thenStatisticsAndConfigurationAreRests(result); // first: the REST inferences below count too

        assertThat(result.get("live").asBoolean()).isTrue();
        assertThat(result.get("ready").asBoolean()).isTrue();
        assertThat(result.at("/server/name").asText()).isEqualTo("modelgate");
        assertThat(result.at("/metadata/name").asText()).isEqualTo("iris");
        assertThat(result.at("/metadata/platform").asText()).isEqualTo("onnxruntime_onnx");
        assertThat(result.at("/metadata/inputs/0/name").asText()).isEqualTo("input");
        assertThat(result.at("/metadata/inputs/0/datatype").asText()).isEqualTo("FP32");
        assertThat(result.at("/infer/model_name").asText()).isEqualTo("iris");
        assertThat(result.at("/infer/id").asText()).isEqualTo("python-1");
        assertThat(result.at("/infer/datatype").asText()).isEqualTo("FP32");
        assertThat(result.at("/infer/shape").toString()).isEqualTo("[1,3]");
        thenTheSameAsRestAnswers(result.at("/infer/values"));

        assertThat(result.at("/wrong_size/code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(result.at("/wrong_size/details").asText())
                .isEqualTo("input 'input': raw_input_contents[0] has 12 bytes, but FP32[1,4] needs 16");
        assertThat(result.at("/unknown_version/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(result.at("/unknown_version/details").asText()).contains("model 'iris' has no version '9.9.9'");
        assertThat(result.at("/too_large/code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(result.at("/too_large/details").asText()).contains("exceeds maximum size " + LIMIT);
        thenTheSameAsRestAnswers(result.get("served_after"));
    }

    /**
     * ModelStatistics counted the script's two inferences and its one failure, and gives the figures REST's /stats
     * gives right after (nothing ran in between: REST and gRPC count into one table); ModelConfig is REST's /config.
     */
    private void thenStatisticsAndConfigurationAreRests(JsonNode result) throws Exception {
        JsonNode restStats = restJson("/v2/models/iris/stats").at("/model_stats/0");
        JsonNode restConfig = restJson("/v2/models/iris/config");

        assertThat(result.at("/server/extensions").toString()).contains("\"statistics\"", "\"model_configuration\"");
        assertThat(result.at("/stats_anonymous/code").asText()).as("statistics are management: a token is needed, as on REST")
                .isEqualTo("UNAUTHENTICATED");
        JsonNode before = result.at("/stats_before/0");
        JsonNode after = result.at("/stats_after/0");
        assertThat(after.at("/name").asText()).isEqualTo("iris");
        assertThat(delta(before, after, "/inference_count")).as("two inferences served").isEqualTo(2);
        assertThat(delta(before, after, "/inference_stats/success/count")).isEqualTo(2);
        assertThat(delta(before, after, "/inference_stats/fail/count")).as("the raw contents of the wrong size; "
                + "an unknown version and a message over the limit never reach a model version").isEqualTo(1);
        assertThat(after.at("/inference_stats/success/ns").asLong()).isGreaterThan(0);
        for (String figure : List.of("/version", "/last_inference", "/inference_count", "/execution_count",
                "/inference_stats/success/count", "/inference_stats/success/ns", "/inference_stats/fail/count",
                "/inference_stats/fail/ns", "/inference_stats/compute_infer/ns")) {
            assertThat(after.at(figure).asText()).as("%s over gRPC and REST", figure).isEqualTo(restStats.at(figure).asText());
        }
        assertThat(result.at("/stats_all").toString()).contains("\"iris\"");
        assertThat(result.at("/stats_unknown/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(result.at("/stats_unknown/details").asText()).isEqualTo("model 'nope' is not in the repository");

        JsonNode config = result.get("config");
        for (String field : List.of("/name", "/platform", "/backend", "/max_batch_size", "/input/0/name",
                "/input/0/data_type", "/input/0/dims", "/output/0/name", "/output/0/data_type", "/output/0/dims")) {
            assertThat(config.at(field).toString()).as("%s over gRPC and REST", field)
                    .isEqualTo(restConfig.at(field).toString());
        }
        assertThat(config.at("/input/0/data_type").asText()).isEqualTo("TYPE_FP32");
    }

    private static long delta(JsonNode before, JsonNode after, String figure) {
        return after.at(figure).asLong() - before.at(figure).asLong(0);
    }

    private JsonNode restJson(String path) throws Exception {
        var response = gateway.manageGet(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private Path givenStubsCompiledFromTheProto() throws Exception {
        Path proto = Path.of(System.getProperty("modelgate.grpc.proto"));
        Path stubs = distribution.work().resolve("python-stubs");
        Files.createDirectories(stubs);
        Run protoc = run(List.of(PYTHON, "-m", "grpc_tools.protoc", "-I" + proto, "--python_out=" + stubs,
                "--grpc_python_out=" + stubs, proto.resolve("grpc_service.proto").toString(),
                proto.resolve("model_config.proto").toString()), stubs);
        assertThat(protoc.exitCode()).as("grpc_tools.protoc: %s", protoc.output()).isZero();
        return stubs;
    }

    private JsonNode whenThePythonClientRuns(Path stubs) throws Exception {
        Path script = Path.of(System.getProperty("modelgate.grpc.client"));
        Run client = run(List.of(PYTHON, script.toString(), stubs.toString(), "127.0.0.1:" + grpcPort, "iris",
                String.valueOf(LIMIT), distribution.managementToken()), stubs);
        assertThat(client.exitCode()).as("python client:%n%s%ngateway:%n%s", client.output(), gateway.logText()).isZero();
        String[] lines = client.output().strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    /** The flower's probabilities over gRPC are REST's, float for float, and setosa (label 1 of iris) leads. */
    private void thenTheSameAsRestAnswers(JsonNode probabilities) throws Exception {
        var rest = gateway.post("/v2/models/iris/infer", PackagedGateway.IRIS_REQUEST, Duration.ofSeconds(30));
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        JsonNode expected = JSON.readTree(rest.body()).at("/outputs/0/data");
        assertThat(probabilities.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat((float) probabilities.get(i).asDouble()).as("probability %d", i)
                    .isEqualTo((float) expected.get(i).asDouble());
        }
        assertThat(probabilities.get(1).asDouble()).as("setosa in %s", probabilities)
                .isGreaterThan(probabilities.get(0).asDouble()).isGreaterThan(probabilities.get(2).asDouble());
    }

    private String defaultFeatures() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(distribution.home().resolve("etc/modelgate.properties"))) {
            properties.load(in);
        }
        return properties.getProperty("modelgate.features");
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within " + TIMEOUT);
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
