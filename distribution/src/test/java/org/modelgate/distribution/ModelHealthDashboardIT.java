package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Web Console's Model health page on the built distribution. With the default features (the health
 * monitor among them): real iris requests over the OIP REST API, ground truth sent back for half of them,
 * then setosa-only traffic that drifts; the page's data.json (behind the console's login) counts every
 * request, carries accuracy and drift samples, each feature's drift and the raised alerts; a headless
 * Chromium opens the page, whose script loads uPlot from the bundle, polls the data and draws every
 * chart and table, and the DOM it leaves says how many points each holds; a screenshot goes to
 * target/screenshots/model-health.png. Without the health feature the page draws latency and rate and
 * says which feature the rest needs. The browser parts are skipped where Chromium is missing.
 */
class ModelHealthDashboardIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String PAGE = "/system/console/modelhealth";
    private static final List<Path> BROWSERS = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"),
            Path.of("/usr/bin/google-chrome"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHART_POINTS = Pattern.compile("id=\"modelhealth-chart-([a-z]+)\"[^>]*data-points=\"([0-9]+)\"");

    private static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");

    private final List<double[]> rows = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private UnpackedDistribution distribution;
    private PackagedGateway gateway;
    private int port;
    private String password;

    @Test
    void realRequestsFeedbackAndDriftFillEveryChartThatABrowserDraws() throws Exception {
        givenTheGatewayWithTheWebConsole(List.of());

        int served = whenIrisServesTheDataSetWithFeedbackForHalf();
        whenOneRequestIsRefused();
        served += whenSetosaOnlyTrafficDrifts();

        JsonNode data = thenTheDataCounts(served + 1);
        JsonNode version = data.get("traffic").get("versions").get(0);
        assertThat(version.get("version").asText()).isEqualTo("1.0.0");
        assertThat(version.get("secondsWithRequests").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(sum(version.get("failures"))).as("the refused request").isEqualTo(1);
        data = thenTheHealthDataShows(health -> health.get("alerts").size() > 0 && nonNull(health.get("history").get("accuracy")) >= 2,
                "a raised alert and two accuracy samples");
        JsonNode health = data.get("health");
        assertThat(health.get("version").asText()).isEqualTo("1.0.0");
        assertThat(health.get("features")).hasSize(4);
        assertThat(drifted(health.get("features"))).contains("petal_length_cm", "petal_width_cm");
        assertThat(health.get("alertLog").size()).isGreaterThanOrEqualTo(1);
        thenTheDataAndTheScriptsNeedTheLogin();

        Path chromium = chromium();
        String dom = whenTheBrowserDumpsThePage(chromium);
        assertThat(chartPoints(dom, "latency")).as("latency points in the DOM:%n%s", dom).isGreaterThanOrEqualTo(2);
        assertThat(chartPoints(dom, "rate")).as("rate points in the DOM").isGreaterThanOrEqualTo(2);
        assertThat(chartPoints(dom, "accuracy")).as("accuracy points in the DOM").isGreaterThanOrEqualTo(2);
        assertThat(chartPoints(dom, "drift")).as("features in the drift chart").isEqualTo(4);
        assertThat(dom).containsPattern("<table id=\"modelhealth-alerts\"[^>]*data-rows=\"[1-9]")
                .containsPattern("<td>RAISED</td><td>iris</td><td>1\\.0\\.0</td><td>(feature-)?drift</td>")
                .containsPattern("id=\"modelhealth-status\" data-updates=\"[1-9][0-9]*\"")
                .contains("<option value=\"iris\" selected=\"\">iris</option>")
                .contains("<p id=\"modelhealth-health-missing\" class=\"ui-state-error\" hidden=\"\">")
                .contains("class=\"uplot"); // uPlot's own markup: the script from the bundle ran
        thenAScreenshotIsSaved(chromium, "model-health.png");
        gateway.stopWithSigterm(Duration.ofSeconds(15));
    }

    @Test
    void withoutTheHealthFeatureThePageDrawsLatencyAndRateAndSaysWhatTheRestNeeds() throws Exception {
        givenTheGatewayWithTheWebConsole(List.of("health"));

        int served = whenIrisServesRequestsOverSeveralSeconds(20);

        JsonNode data = thenTheDataCounts(served);
        assertThat(data.get("health").get("available").asBoolean()).isFalse();
        assertThat(data.get("health").get("message").asText())
                .isEqualTo("Drift, accuracy and alerts need the health feature (bundle org.modelgate.monitor.health).");

        Path chromium = chromium();
        String dom = whenTheBrowserDumpsThePage(chromium);
        assertThat(chartPoints(dom, "latency")).as("latency points in the DOM:%n%s", dom).isGreaterThanOrEqualTo(2);
        assertThat(chartPoints(dom, "rate")).as("rate points in the DOM").isGreaterThanOrEqualTo(2);
        assertThat(chartPoints(dom, "accuracy")).as("no health, no accuracy chart").isZero();
        assertThat(dom).contains("<p id=\"modelhealth-health-missing\" class=\"ui-state-error\">"
                + "Drift, accuracy and alerts need the health feature (bundle org.modelgate.monitor.health).</p>")
                .contains("<div id=\"modelhealth-health\" hidden=\"\">");
        thenAScreenshotIsSaved(chromium, "model-health-without-health-feature.png");
        gateway.stopWithSigterm(Duration.ofSeconds(15));
    }

    private void givenTheGatewayWithTheWebConsole(List<String> withoutFeatures) throws Exception {
        distribution = UnpackedDistribution.unpack(withoutFeatures.isEmpty() ? "modelhealth" : "modelhealth-reduced");
        port = freePort();
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(distribution.home().resolve("etc/modelgate.properties"))) {
            settings.load(reader);
        }
        List<String> list = new ArrayList<>(List.of(settings.getProperty("modelgate.features").split(",")));
        assertThat(list).as("the default features").contains("monitor").containsAll(withoutFeatures);
        list.removeAll(withoutFeatures);
        list.add("webconsole");
        String features = String.join(",", list);
        gateway = gateways.start(distribution, "gateway-modelhealth.log", port, "-Dmodelgate.ssh.port=" + freePort()
                + " -Dmodelgate.features=" + features);
        gateway.awaitStarted(START_TIMEOUT);
        gateway.awaitIrisReady(START_TIMEOUT);
        password = Files.readString(distribution.home().resolve("etc/webconsole.password")).strip();
    }

    /** Iris samples of each class, a few per second, so the series have several one-second points. */
    private int whenIrisServesRequestsOverSeveralSeconds(int requests) throws Exception {
        double[][] samples = { { 5.1, 3.5, 1.4, 0.2 }, { 6.7, 3.0, 5.2, 2.3 }, { 5.9, 3.0, 4.2, 1.5 } };
        for (int i = 0; i < requests; i++) {
            infer(samples[i % samples.length]);
            Thread.sleep(150); // spreads them over several seconds; not a timing assertion
        }
        return requests;
    }

    private void whenOneRequestIsRefused() throws Exception {
        HttpResponse<String> response = gateway.post("/v2/models/iris/infer",
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}", Duration.ofSeconds(30));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    }

    /** The record stream hands records to the page's monitor on its own thread: wait until all arrived. */
    private JsonNode thenTheDataCounts(int requests) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode data;
        long counted;
        do {
            HttpResponse<String> response = get(PAGE + "/data.json?model=iris", "admin", password);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            data = JSON.readTree(response.body());
            counted = 0;
            for (JsonNode version : data.get("traffic").get("versions")) {
                counted += version.get("requests").asLong();
            }
            if (counted >= requests) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(counted).as("requests in data.json within 60 s: %s", data).isEqualTo(requests);
        return data;
    }

    private void thenTheDataAndTheScriptsNeedTheLogin() throws Exception {
        assertThat(get(PAGE + "/data.json?model=iris", null, null).statusCode()).isEqualTo(401);
        assertThat(get(PAGE + "/data.json?model=iris", "admin", "admin").statusCode()).isEqualTo(401);
        assertThat(get(PAGE + "/assets/uPlot.iife.min.js", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> script = get(PAGE + "/assets/uPlot.iife.min.js", "admin", password);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(script.body()).contains("uPlot");
        assertThat(get(PAGE + "/assets/..%2FMETA-INF%2FMANIFEST.MF", "admin", password).statusCode()).isEqualTo(404);
        HttpResponse<String> unknown = get(PAGE + "/data.json?model=nope", "admin", password);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo(
                "no model 'nope' on this gateway; ask for data.json?model=NAME, one of [iris]");
    }

    private String whenTheBrowserDumpsThePage(Path chromium) throws Exception {
        Path dom = Files.createTempFile(distribution.work(), "dom", ".html");
        runBrowser(chromium, dom, "--dump-dom");
        return Files.readString(dom);
    }

    private static Path chromium() {
        Path chromium = BROWSERS.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "Chromium not installed (looked for " + BROWSERS
                + "): apt-get install chromium to run the browser part");
        return chromium;
    }

    /** The iris data set, shuffled (training-like traffic); every other answer gets its true class back. */
    private int whenIrisServesTheDataSetWithFeedbackForHalf() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/main/data/iris.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] cells = line.split(",");
                rows.add(new double[] { Double.parseDouble(cells[0]), Double.parseDouble(cells[1]), Double.parseDouble(cells[2]),
                        Double.parseDouble(cells[3]) });
                labels.add(Integer.parseInt(cells[4]));
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        for (int n = 0; n < order.size(); n++) {
            int i = order.get(n);
            JsonNode answer = JSON.readTree(infer(rows.get(i)));
            if (n % 2 == 0) {
                whenTheTruthIsSent(answer.get("id").asText(), CLASSES.get(labels.get(i)));
            }
        }
        return order.size();
    }

    /**
     * The health monitor learns of a prediction from the record stream, on its own thread, a moment after
     * the response: until then the id is unknown (404), so the truth is sent again until it is taken.
     */
    private void whenTheTruthIsSent(String id, String label) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> truth;
        do {
            truth = gateway.managePost("/v2/models/iris/feedback", "{\"id\":\"" + id + "\",\"label\":\"" + label + "\"}",
                    Duration.ofSeconds(30));
            if (truth.statusCode() != 404) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(truth.statusCode()).as(truth.body()).isEqualTo(200);
    }

    /** Setosa rows only, enough to fill the drift window: the petals drift, and the health monitor raises alerts. */
    private int whenSetosaOnlyTrafficDrifts() throws Exception {
        List<double[]> setosa = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (labels.get(i) == 0) {
                setosa.add(rows.get(i));
            }
        }
        int requests = 1000;
        for (int n = 0; n < requests; n++) {
            infer(setosa.get(n % setosa.size()));
        }
        return requests;
    }

    private String infer(double[] row) throws Exception {
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[" + row[0] + "," + row[1]
                + "," + row[2] + "," + row[3] + "]}]}";
        HttpResponse<String> response = gateway.post("/v2/models/iris/infer", body, Duration.ofSeconds(30));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The page's sampler reads the health monitor every 5 s: wait for what the charts need. */
    private JsonNode thenTheHealthDataShows(Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode data = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get(PAGE + "/data.json?model=iris", "admin", password);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            data = JSON.readTree(response.body());
            assertThat(data.get("health").get("available").asBoolean()).as("the health feature is in the default list").isTrue();
            if (condition.test(data.get("health"))) {
                return data;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + " in data.json within 120 s; last: " + data + "\n" + gateway.logText());
    }

    private static int nonNull(JsonNode values) {
        int n = 0;
        for (JsonNode value : values) {
            n += value.isNull() ? 0 : 1;
        }
        return n;
    }

    private static List<String> drifted(JsonNode features) {
        List<String> names = new ArrayList<>();
        features.forEach(feature -> {
            if (feature.get("drifted").asBoolean()) {
                names.add(feature.get("feature").asText());
            }
        });
        return names;
    }

    private void thenAScreenshotIsSaved(Path chromium, String name) throws Exception {
        Path screenshots = Path.of(System.getProperty("modelgate.it.dir")).getParent().resolve("screenshots");
        Files.createDirectories(screenshots);
        Path png = screenshots.resolve(name);
        Files.deleteIfExists(png);
        runBrowser(chromium, Files.createTempFile(distribution.work(), "screenshot", ".out"), "--screenshot=" + png,
                "--window-size=1280,1800", "--hide-scrollbars");
        assertThat(png).exists();
        byte[] header = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertThat(header).as("a PNG").isEqualTo(new byte[] { (byte) 0x89, 'P', 'N', 'G' });
        System.out.println("[it] Model health screenshot: " + png);
    }

    private void runBrowser(Path chromium, Path output, String... mode) throws Exception {
        Path err = Files.createTempFile(distribution.work(), "chromium", ".err");
        // Credentials in the URL: Chromium answers the Basic challenge with them (the page's script
        // fetches from location.origin, which carries none, and the browser's auth cache answers).
        String url = "http://admin:" + password + "@127.0.0.1:" + port + PAGE + "?model=iris";
        List<String> command = new java.util.ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + Files.createTempDirectory(distribution.work(), "chromium-profile"),
                "--virtual-time-budget=10000"));
        command.addAll(List.of(mode));
        command.add(url);
        Process browser = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(err.toFile()).start();
        if (!browser.waitFor(120, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s:\n" + Files.readString(err));
        }
        assertThat(browser.exitValue()).as(Files.readString(err)).isZero();
    }

    private static int chartPoints(String dom, String chart) {
        Matcher matcher = CHART_POINTS.matcher(dom);
        while (matcher.find()) {
            if (matcher.group(1).equals(chart)) {
                return Integer.parseInt(matcher.group(2));
            }
        }
        throw new AssertionError("no chart " + chart + " in the DOM:\n" + dom);
    }

    private static long sum(JsonNode values) {
        long sum = 0;
        for (JsonNode value : values) {
            sum += value.asLong();
        }
        return sum;
    }

    private HttpResponse<String> get(String path, String user, String pass) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
