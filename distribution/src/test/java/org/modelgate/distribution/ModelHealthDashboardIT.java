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
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Web Console's Model health page on the built distribution: real iris requests over the OIP REST
 * API fill the page's own latency and rate series; its data.json (behind the console's login) counts
 * every one of them; a headless Chromium opens the page, whose script loads uPlot from the bundle, polls
 * the data and draws the charts, and the DOM it leaves says how many points each chart holds; a
 * screenshot goes to target/screenshots/model-health.png. Without the monitor.health feature the page
 * says that drift, accuracy and alerts need it. The browser part is skipped where Chromium is missing.
 */
class ModelHealthDashboardIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String PAGE = "/system/console/modelhealth";
    private static final List<Path> BROWSERS = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"),
            Path.of("/usr/bin/google-chrome"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHART_POINTS = Pattern.compile("id=\"modelhealth-chart-([a-z]+)\"[^>]*data-points=\"([0-9]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private UnpackedDistribution distribution;
    private PackagedGateway gateway;
    private int port;
    private String password;

    @Test
    void realRequestsFillTheChartsThatABrowserDraws() throws Exception {
        givenTheGatewayWithTheWebConsole();

        int served = whenIrisServesRequestsOverSeveralSeconds(30);
        whenOneRequestIsRefused();

        JsonNode data = thenTheDataCounts(served + 1);
        JsonNode version = data.get("traffic").get("versions").get(0);
        assertThat(version.get("version").asText()).isEqualTo("1.0.0");
        assertThat(version.get("secondsWithRequests").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(sum(version.get("failures"))).as("the refused request").isEqualTo(1);
        assertThat(data.get("health").get("available").asBoolean()).isFalse();
        thenTheDataAndTheScriptsNeedTheLogin();

        Path chromium = BROWSERS.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "Chromium not installed (looked for " + BROWSERS
                + "): apt-get install chromium to run the browser part");
        String dom = whenTheBrowserDumpsThePage(chromium);
        assertThat(chartPoints(dom, "latency")).as("latency points in the DOM:%n%s", dom).isGreaterThanOrEqualTo(2);
        assertThat(chartPoints(dom, "rate")).as("rate points in the DOM").isGreaterThanOrEqualTo(2);
        assertThat(dom).containsPattern("id=\"modelhealth-status\" data-updates=\"[1-9][0-9]*\"")
                .contains("<option value=\"iris\" selected=\"\">iris</option>")
                .contains("Drift, accuracy and alerts need the monitor.health feature.")
                .contains("class=\"uplot"); // uPlot's own markup: the script from the bundle ran
        thenAScreenshotIsSaved(chromium);
        gateway.stopWithSigterm(Duration.ofSeconds(15));
    }

    private void givenTheGatewayWithTheWebConsole() throws Exception {
        distribution = UnpackedDistribution.unpack("modelhealth");
        port = freePort();
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(distribution.home().resolve("etc/modelgate.properties"))) {
            settings.load(reader);
        }
        String features = settings.getProperty("modelgate.features") + ",webconsole";
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
            double[] row = samples[i % samples.length];
            String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[" + row[0] + "," + row[1]
                    + "," + row[2] + "," + row[3] + "]}]}";
            HttpResponse<String> response = gateway.post("/v2/models/iris/infer", body, Duration.ofSeconds(30));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
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

    private void thenAScreenshotIsSaved(Path chromium) throws Exception {
        Path screenshots = Path.of(System.getProperty("modelgate.it.dir")).getParent().resolve("screenshots");
        Files.createDirectories(screenshots);
        Path png = screenshots.resolve("model-health.png");
        Files.deleteIfExists(png);
        runBrowser(chromium, Files.createTempFile(distribution.work(), "screenshot", ".out"), "--screenshot=" + png,
                "--window-size=1280,1500", "--hide-scrollbars");
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
