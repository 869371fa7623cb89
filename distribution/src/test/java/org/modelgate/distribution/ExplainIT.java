package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.modelgate.explain.internal.BreastCancerFixture;
import org.modelgate.explain.internal.BreastCancerModel;
import org.modelgate.security.ModelSignatures;

/**
 * The packaged gateway explaining the breast_cancer model (trained by the explain tests' fixture, installed signed):
 * {@code "parameters": {"top_k", "confidence", "explain"}} in and out over real HTTP, a body without parameters as
 * before, bad values 400; the features attribution ranks highest agree with permutation importance that this test
 * measures itself through the gateway; {@code /importance} 409 before label feedback, then over the labelled window.
 */
class ExplainIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CALL = Duration.ofSeconds(60);

    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private UnpackedDistribution distribution;
    private PackagedGateway gateway;
    private BreastCancerModel.Data test;

    @BeforeEach
    void givenTheDistributionWithTheBreastCancerModel() throws Exception {
        distribution = UnpackedDistribution.unpack("explain");
        Path trained = BreastCancerFixture.folder();
        test = BreastCancerFixture.model().test();
        Path folder = Files.createDirectories(distribution.home().resolve("models/breast_cancer/1.0.0"));
        try (Stream<Path> files = Files.list(trained)) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        ModelSignatures.signer(DivisionModel.trustedSigningKey(distribution.home())).sign(folder);
        gateway = gateways.start(distribution, "gateway.log", ItFiles.freePort(), "");
        gateway.awaitIrisReady(READY_TIMEOUT); // listening, models loaded at boot
        gateway.awaitStatus("/v2/models/breast_cancer/ready", 200, READY_TIMEOUT);
    }

    @Test
    void parametersInAndOutOverRealHttp() throws Exception {
        HttpResponse<String> plain = post(body(test.rows()[0], ""));
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        List<String> fields = new ArrayList<>();
        JSON.readTree(plain.body()).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("model_name", "model_version", "id", "outputs");

        HttpResponse<String> explained = post(body(test.rows()[0],
                ",\"parameters\":{\"top_k\":2,\"confidence\":true,\"explain\":true}"));
        assertThat(explained.statusCode()).as(explained.body()).isEqualTo(200);
        JsonNode parameters = JSON.readTree(explained.body()).get("parameters");
        assertThat(parameters.get("top_k")).hasSize(2);
        assertThat(parameters.at("/top_k/0/label").asText()).isIn("malignant", "benign");
        assertThat(parameters.at("/confidence/max").asDouble()).isEqualTo(parameters.at("/top_k/0/score").asDouble());
        assertThat(parameters.at("/confidence/entropy").isNumber()).isTrue();
        assertThat(parameters.at("/attribution/method").asText()).isEqualTo("occlusion");
        assertThat(parameters.at("/attribution/baseline").asText()).isEqualTo("reference mean");
        assertThat(parameters.at("/attribution/features")).hasSize(30);
        assertThat(parameters.at("/attribution/features/0/name").asText()).isEqualTo("mean radius");
        assertThat(parameters.at("/attribution/inferences").asInt()).isEqualTo(33);

        for (String bad : new String[] {"{\"top_k\":0}", "{\"top_k\":3}", "{\"explain\":1}"}) {
            HttpResponse<String> refused = post(body(test.rows()[0], ",\"parameters\":" + bad));
            assertThat(refused.statusCode()).as(bad + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains(bad.contains("top_k") ? "top_k" : "explain");
        }
    }

    @Test
    void attributionAgreesWithPermutationImportanceMeasuredThroughTheGateway() throws Exception {
        int sample = 40;
        double[] meanAbs = new double[30];
        for (int i = 0; i < sample; i++) {
            HttpResponse<String> response = post(body(test.rows()[i], ",\"parameters\":{\"explain\":true}"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode features = JSON.readTree(response.body()).at("/parameters/attribution/features");
            for (int f = 0; f < 30; f++) {
                meanAbs[f] += Math.abs(features.get(f).get("attribution").asDouble()) / sample;
            }
        }
        double base = accuracy(test.rows());
        Random random = new Random(7);
        double[] drop = new double[30];
        int repeats = 10;
        for (int f = 0; f < 30; f++) {
            for (int r = 0; r < repeats; r++) {
                float[][] shuffled = shuffleColumn(test.rows(), f, random);
                drop[f] += (base - accuracy(shuffled)) / repeats;
            }
        }
        List<String> byAttribution = ranked(meanAbs);
        List<String> byPermutation = ranked(drop);
        System.out.println("[it] top-5 by mean |attribution|: " + byAttribution.subList(0, 5));
        System.out.println("[it] top-5 by permutation importance: " + byPermutation.subList(0, 5));
        assertThat(byAttribution.subList(0, 5).stream().filter(byPermutation.subList(0, 5)::contains).count())
                .isGreaterThanOrEqualTo(3);
        assertThat(byPermutation.subList(0, 3)).contains(byAttribution.get(0));
        assertThat(byAttribution.subList(0, 3)).contains(byPermutation.get(0));
    }

    @Test
    void importanceNeedsLabelFeedbackThenRanksTheFeatures() throws Exception {
        HttpResponse<String> before = gateway.manageGet("/v2/models/breast_cancer/importance");
        assertThat(before.statusCode()).as(before.body()).isEqualTo(409);
        assertThat(before.body()).contains("no labelled rows");

        int rows = 60;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            HttpResponse<String> answer = post(body(test.rows()[i], ""));
            ids.add(JSON.readTree(answer.body()).get("id").asText());
        }
        awaitMonitoredRequests(rows); // records reach the health monitor on its own thread
        for (int i = 0; i < rows; i++) {
            HttpResponse<String> feedback = gateway.managePost("/v2/models/breast_cancer/feedback", "{\"id\":\"" + ids.get(i)
                    + "\",\"label\":\"" + BreastCancerModel.LABELS.get(test.labels()[i]) + "\"}", CALL);
            assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(200);
        }
        JsonNode importance = awaitImportance(rows);
        assertThat(importance.get("model").asText()).isEqualTo("breast_cancer");
        assertThat(importance.get("version").asText()).isEqualTo("1.0.0");
        assertThat(importance.get("repeats").asInt()).isEqualTo(5);
        assertThat(importance.get("features")).hasSize(30);
        assertThat(importance.at("/features/0/importance").asDouble())
                .isGreaterThanOrEqualTo(importance.at("/features/29/importance").asDouble());
        assertThat(importance.at("/features/0").has("std")).isTrue();
    }

    private void awaitMonitoredRequests(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = gateway.manageGet("/v2/models/breast_cancer/monitor");
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && JSON.readTree(response.body()).at("/latency/count").asLong() >= count) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(count + " requests in the monitor's window; last answer " + last);
    }

    /** Feedback reaches the health monitor's window on its own thread: poll until all rows are there. */
    private JsonNode awaitImportance(int rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = gateway.manageGet("/v2/models/breast_cancer/importance");
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                JsonNode json = JSON.readTree(response.body());
                if (json.get("rows").asInt() >= rows) {
                    return json;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("importance over " + rows + " labelled rows; last answer " + last + "\n" + gateway.logText());
    }

    private double accuracy(float[][] rows) throws Exception {
        StringBuilder data = new StringBuilder();
        for (float[] row : rows) {
            for (float v : row) {
                data.append(data.length() == 0 ? "" : ",").append(v);
            }
        }
        HttpResponse<String> response = gateway.post("/v2/models/breast_cancer/infer", "{\"inputs\":[{\"name\":\"input\","
                + "\"shape\":[" + rows.length + ",30],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}", CALL);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode out = JSON.readTree(response.body()).at("/outputs/0/data");
        int correct = 0;
        for (int i = 0; i < rows.length; i++) {
            int predicted = out.get(2 * i + 1).asDouble() > out.get(2 * i).asDouble() ? 1 : 0;
            correct += predicted == test.labels()[i] ? 1 : 0;
        }
        return (double) correct / rows.length;
    }

    private static float[][] shuffleColumn(float[][] rows, int column, Random random) {
        List<Float> values = new ArrayList<>();
        for (float[] row : rows) {
            values.add(row[column]);
        }
        Collections.shuffle(values, random);
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
            out[i][column] = values.get(i);
        }
        return out;
    }

    private static List<String> ranked(double[] scores) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer f) -> scores[f]).reversed())
                .map(BreastCancerModel.FEATURES::get).toList();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return gateway.post("/v2/models/breast_cancer/infer", body, CALL);
    }

    private static String body(float[] row, String extra) {
        StringBuilder data = new StringBuilder();
        for (float v : row) {
            data.append(data.length() == 0 ? "" : ",").append(v);
        }
        return "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[" + data + "]}]" + extra + "}";
    }
}
