package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.ModelState;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.OipClient;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.modelgate.spi.InferenceMonitor;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Feature: {@code GET /metrics} counts the requests the gateway really served, per model and version, in a text
 * that {@code promtool check metrics} accepts; a monitor bundle that throws is counted and changes nothing for
 * inference or the other monitors.
 *
 * <p>Runs REST, core, onnxruntime and the monitor feature (record stream + metrics) in Felix with all-MiniLM-L6-v2
 * int8 ("minilm").
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT {
    private static final String MODEL = "minilm";
    private static final String INFER = "/v2/models/" + MODEL + "/infer";
    private static final String SERIES = "{backend=\"onnxruntime\",driver=\"none\",model=\"minilm\",version=\"1.0.0\"}";

    @Inject
    private BundleContext context;

    private OipClient client;

    @Configuration
    public Option[] config() {
        Path repository = TestModels.emptyRepository(MetricsIT.class);
        TestModels.addOnnxModel(repository, MODEL, "1.0.0", TestModels.MINILM_INT8);
        return options(
                Platform.felix(MetricsIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.rest(Platform.freePort()),
                Platform.monitor(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()));
    }

    @Before
    public void givenTheGatewayServingMiniLm() {
        Gateway gateway = new Gateway(context);
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), MODEL);
        gateway.awaitModel(MODEL, ModelState.READY);
        client = new OipClient();
        client.awaitServing("/v2/health/live");
        client.awaitServing("/metrics");
    }

    @Test
    public void servedAndRejectedRequestsAreCountedAndTheTextPassesPromtool() throws Exception {
        double servedBefore = value(scrape(), "modelgate_inference_request_success_total" + SERIES);
        double rejectedBefore = value(scrape(), "modelgate_inference_request_failure_total" + rejected());

        whenRequestsAreServed(7);
        OipClient.Reply bad = client.post(INFER, wrongDatatype());
        assertEquals("a request with INT32 ids: " + bad, 400, bad.status());

        String text = awaitValue("modelgate_inference_request_success_total" + SERIES, servedBefore + 7);
        text = awaitValue("modelgate_inference_request_failure_total" + rejected(), rejectedBefore + 1);
        assertEquals(servedBefore + 7, value(text, "modelgate_inference_request_duration_seconds_count" + SERIES), 0);
        assertEquals(1, value(text, "modelgate_model_state{backend=\"onnxruntime\",model=\"minilm\",state=\"ready\",version=\"1.0.0\"}"), 0);
        assertEquals(0, value(text, "modelgate_record_stream_dropped_records_total"), 0);
        assertTrue("resident memory: " + text, value(text, "process_resident_memory_bytes") > 0);
        thenPromtoolAccepts(text);
    }

    @Test
    public void aMonitorThatThrowsIsCountedAndInferenceIsUnaffected() throws Exception {
        InferenceMonitor broken = record -> {
            throw new IllegalStateException("a broken vendor monitor");
        };
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(InferenceMonitor.NAME, "broken");
        ServiceRegistration<InferenceMonitor> registration = context.registerService(InferenceMonitor.class, broken, properties);
        try {
            double servedBefore = value(scrape(), "modelgate_inference_request_success_total" + SERIES);

            whenRequestsAreServed(5);

            awaitValue("modelgate_monitor_failures_total{monitor=\"broken\"}", 5);
            String text = awaitValue("modelgate_inference_request_success_total" + SERIES, servedBefore + 5);
            assertEquals(0, value(text, "modelgate_monitor_failures_total{monitor=\"metrics\"}"), 0);
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void aMonitorThatHangsLosesOnlyItsOwnRecordsAndInferenceGoesOn() throws Exception {
        Gateway gateway = new Gateway(context);
        givenTheRecordStreamRestartedWith(gateway, 16);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        InferenceMonitor hangs = record -> {
            entered.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(InferenceMonitor.NAME, "hangs");
        ServiceRegistration<InferenceMonitor> registration = context.registerService(InferenceMonitor.class, hangs, properties);
        try {
            double servedBefore = value(scrape(), "modelgate_inference_request_success_total" + SERIES);
            int first = 0;
            while (!entered.await(200, TimeUnit.MILLISECONDS)) { // the monitor's thread takes a moment to start
                whenRequestsAreServed(1);
                assertTrue("the hanging monitor got no record after " + first + " requests", ++first < 100);
            }

            whenRequestsAreServed(40);

            int offered = first + 40;
            String text = awaitValue("modelgate_inference_request_success_total" + SERIES, servedBefore + offered);
            double dropped = value(text, "modelgate_monitor_dropped_records_total{monitor=\"hangs\"}");
            assertTrue(offered + " records for a monitor stuck in accept with one, 16 fit its queue: dropped " + dropped
                    + "\n" + text, dropped >= offered - 17 && dropped <= offered);
            assertEquals(0, value(text, "modelgate_monitor_dropped_records_total{monitor=\"metrics\"}"), 0);
        } finally {
            registration.unregister(); // interrupts the hanging thread
            never.countDown();
            givenTheRecordStreamRestartedWith(gateway, 4096);
        }
    }

    /**
     * Sets the record stream's monitor capacity and waits for the stream made on it: the component is activated again
     * on a new configuration, and records offered while it is replaced are not counted.
     */
    private void givenTheRecordStreamRestartedWith(Gateway gateway, int monitorCapacity) {
        Object before = recordStreamId();
        gateway.configure("org.modelgate.monitor", Map.of("monitorCapacity", monitorCapacity));
        Gateway.await("the record stream restarted with monitorCapacity " + monitorCapacity, () -> {
            Object now = recordStreamId();
            return now != null && !now.equals(before) ? now : null;
        });
    }

    private Object recordStreamId() {
        ServiceReference<?> stream = context.getServiceReference("org.modelgate.monitor.RecordStreamStatus");
        return stream == null ? null : stream.getProperty(Constants.SERVICE_ID);
    }

    private void whenRequestsAreServed(int n) {
        for (int i = 0; i < n; i++) {
            OipClient.Reply reply = client.post(INFER, MiniLm.oipRequest());
            assertEquals("a good request: " + reply, 200, reply.status());
        }
    }

    private static String rejected() {
        return "{backend=\"onnxruntime\",driver=\"none\",model=\"minilm\",reason=\"rejected\",version=\"1.0.0\"}";
    }

    private static String wrongDatatype() {
        return "{\"inputs\": [" + MiniLm.oipInput("input_ids", "INT32", MiniLm.SHAPE, MiniLm.values("input_ids")) + ", "
                + MiniLm.oipInput("attention_mask", "INT64", MiniLm.SHAPE, MiniLm.values("attention_mask")) + ", "
                + MiniLm.oipInput("token_type_ids", "INT64", MiniLm.SHAPE, MiniLm.values("token_type_ids")) + "]}";
    }

    private String scrape() {
        OipClient.Reply reply = client.get("/metrics");
        assertEquals("GET /metrics: " + reply, 200, reply.status());
        assertTrue("content type " + reply.contentType(), reply.contentType().startsWith("text/plain; version=0.0.4"));
        return reply.body();
    }

    /** Records reach the metrics on the monitor's thread: the scrape that shows the value, within 10 s. */
    private String awaitValue(String series, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String text = scrape();
        while (value(text, series) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(series + " is " + value(text, series) + ", expected " + expected + ":\n" + text);
            }
            Thread.sleep(50);
            text = scrape();
        }
        return text;
    }

    /** The value of one series in the exposition; 0 when absent (a counter never incremented). */
    private static double value(String text, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static void thenPromtoolAccepts(String text) throws IOException, InterruptedException {
        assumeTrue("promtool is not installed (apt-get install prometheus): /metrics was not linted", onPath("promtool"));
        Path file = Files.createTempFile("metrics", ".txt");
        Files.writeString(file, text);
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        assertTrue("promtool finished", promtool.waitFor(60, TimeUnit.SECONDS));
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("promtool check metrics said: " + said, 0, promtool.exitValue());
        assertTrue("promtool lint findings: " + said, said.isBlank());
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
