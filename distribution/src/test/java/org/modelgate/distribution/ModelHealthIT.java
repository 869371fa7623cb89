package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged gateway watching its demo model: real OIP requests with iris rows, ground truth sent back over
 * REST, and {@code GET /v2/models/iris/monitor} showing the latency window, drift ready and not drifted for
 * training-like rows, accuracy from the feedback, then drift (and its alert) once the traffic is setosa only.
 */
class ModelHealthIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration AWAIT = Duration.ofSeconds(120);
    private static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");

    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private UnpackedDistribution distribution;
    private PackagedGateway gateway;
    private final List<double[]> rows = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();

    @BeforeEach
    void givenTheDistributionAndTheIrisData() throws Exception {
        distribution = UnpackedDistribution.unpack("health");
        List<String> lines = Files.readAllLines(Path.of("src/main/data/iris.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            rows.add(new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[1]), Double.parseDouble(cells[2]),
                    Double.parseDouble(cells[3])});
            labels.add(Integer.parseInt(cells[4]));
        }
    }

    @Test
    void theMonitorShowsLatencyDriftAndAccuracyFromFeedback() throws Exception {
        gateway = gateways.start(distribution, "gateway.log", ItFiles.freePort(), "");
        gateway.awaitIrisReady(READY_TIMEOUT);

        // 1. the whole data set, shuffled: training-like traffic; every other answer gets its truth back
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(11));
        int feedbacks = 0;
        int agreed = 0;
        for (int n = 0; n < order.size(); n++) {
            int i = order.get(n);
            JsonNode answer = infer(rows.get(i));
            if (n % 2 == 0) {
                JsonNode result = feedback(answer.get("id").asText(), CLASSES.get(labels.get(i)));
                feedbacks++;
                agreed += result.get("correct").asBoolean() ? 1 : 0;
                assertThat(result.get("model").asText()).isEqualTo("iris");
                assertThat(result.get("version").asText()).isEqualTo("1.0.0");
            }
        }
        JsonNode monitor = awaitMonitor(m -> m.at("/latency/count").asLong() >= rows.size(), "the 150 requests in the window");
        System.out.println("[it] monitor after training-like traffic: " + monitor);
        assertThat(monitor.at("/latency/p95_ms").asDouble()).isPositive();
        assertThat(monitor.at("/latency/requests_per_second").asDouble()).isPositive();
        assertThat(monitor.at("/drift/ready").asBoolean()).as("%s", monitor).isTrue();
        assertThat(monitor.at("/drift/drifted").asBoolean()).as("%s", monitor).isFalse();
        assertThat(driftedFeatures(monitor)).as("training-like rows sent as FP32: %s", monitor).isEmpty();
        assertThat(monitor.at("/drift/features")).hasSize(4);
        assertThat(monitor.at("/drift/features/2/name").asText()).isEqualTo("petal_length_cm");
        assertThat(monitor.at("/accuracy/labelled").asInt()).isEqualTo(feedbacks);
        assertThat(monitor.at("/accuracy/accuracy").asDouble()).isEqualTo((double) agreed / feedbacks);
        assertThat(monitor.at("/accuracy/accuracy").asDouble()).as("the demo model's held-out accuracy is 0.93").isGreaterThan(0.8);
        assertThat(monitor.at("/accuracy/recall/setosa").asDouble()).isEqualTo(1.0);
        assertThat(monitor.at("/alerts")).isEmpty();

        // 2. refusals over REST
        JsonNode answer = infer(rows.get(0));
        HttpResponse<String> bad = gateway.managePost("/v2/models/iris/feedback", "{\"id\":\"" + answer.get("id").asText()
                + "\",\"label\":\"rose\"}", Duration.ofSeconds(10));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("[virginica, setosa, versicolor]");
        feedback(answer.get("id").asText(), "setosa");
        HttpResponse<String> again = gateway.managePost("/v2/models/iris/feedback", "{\"id\":\"" + answer.get("id").asText()
                + "\",\"label\":\"setosa\"}", Duration.ofSeconds(10));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(410);
        assertThat(again.body()).contains("already has its feedback");
        HttpResponse<String> unknown = gateway.managePost("/v2/models/iris/feedback", "{\"id\":\"no-such-id\",\"label\":\"setosa\"}",
                Duration.ofSeconds(10));
        assertThat(unknown.statusCode()).isEqualTo(404);

        // 3. setosa only, enough to fill the window (1000 rows): the petals and the data set drift, and alert
        List<double[]> setosa = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (labels.get(i) == 0) {
                setosa.add(rows.get(i));
            }
        }
        for (int n = 0; n < 1000; n++) {
            infer(setosa.get(n % setosa.size()));
        }
        monitor = awaitMonitor(m -> m.at("/drift/drifted").asBoolean(), "drift after setosa-only traffic");
        System.out.println("[it] monitor after setosa-only traffic: " + monitor);
        assertThat(driftedFeatures(monitor)).contains("petal_length_cm", "petal_width_cm");
        monitor = awaitMonitor(m -> alertKinds(m).contains("drift"), "the data set drift alert (3 evaluations, 5 s apart)");
        assertThat(alertKinds(monitor)).contains("feature-drift");
        // the monitor shows the alert as soon as it is raised; the log line and the audit entry are written after
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!gateway.logText().contains("alert raised: iris 1.0.0 drift dataset")) {
            assertThat(System.nanoTime()).as("'alert raised: iris 1.0.0 drift dataset' in the log").isLessThan(deadline);
            Thread.sleep(250);
        }
        Path audit = distribution.home().resolve("data/audit/audit.log");
        while (!(Files.exists(audit) && Files.readString(audit).contains("\"alert.raised\""))) {
            assertThat(System.nanoTime()).as("alert.raised in %s", audit).isLessThan(deadline);
            Thread.sleep(250);
        }
        assertThat(Files.readString(audit)).contains("\"actor\":\"modelgate\"").contains("\"subject\":\"iris 1.0.0\"");
    }

    private JsonNode infer(double[] row) throws Exception {
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[" + row[0] + "," + row[1]
                + "," + row[2] + "," + row[3] + "]}]}";
        HttpResponse<String> response = gateway.post("/v2/models/iris/infer", body, Duration.ofSeconds(30));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("id")).as("every response carries a request id: %s", response.body()).isNotNull();
        return json;
    }

    private JsonNode feedback(String id, String label) throws Exception {
        HttpResponse<String> response = gateway.managePost("/v2/models/iris/feedback", "{\"id\":\"" + id + "\",\"label\":\"" + label
                + "\"}", Duration.ofSeconds(30));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Polls the monitor until the condition holds (records reach the monitor on its own thread). */
    private JsonNode awaitMonitor(Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = gateway.manageGet("/v2/models/iris/monitor");
            if (response.statusCode() == 200) {
                last = JSON.readTree(response.body());
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + " within " + AWAIT + "; last monitor: " + last + "\n" + gateway.logText());
    }

    private static List<String> driftedFeatures(JsonNode monitor) {
        List<String> names = new ArrayList<>();
        monitor.at("/drift/features").forEach(f -> {
            if (f.get("drifted").asBoolean()) {
                names.add(f.get("name").asText());
            }
        });
        return names;
    }

    private static List<String> alertKinds(JsonNode monitor) {
        List<String> kinds = new ArrayList<>();
        monitor.at("/alerts").forEach(a -> kinds.add(a.get("kind").asText()));
        return kinds;
    }
}
