package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Feature: on-device profiling in the shipped bundles. MiniLM (int8) serves under the sample NPU driver (rank 60,
 * its device faked under the test's folder) beside the cpu driver; it is profiled on onnxruntime under npu, cpu and
 * the backend's defaults at each thread count while a client keeps sending requests: no request fails, the winner
 * is written to plan.json and the model is re-planned to it. The measurements are printed (docs/benchmarks.md).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProfilingIT {
    private static final String MODEL = "minilm";
    private static final String NPU_JAR = "modelgate.itest.npu.jar";
    private static final String NPU_DEVICE = "modelgate.itest.npu.device";

    @Inject
    private BundleContext context;
    private Bundle npu;

    @Configuration
    public Option[] config() throws IOException {
        Path repository = TestModels.emptyRepository(ProfilingIT.class);
        TestModels.declareProfileShapes(TestModels.addOnnxModel(repository, MODEL, "1.0.0", TestModels.MINILM_INT8),
                TestModels.MINILM_PROFILE_SHAPES); // free batch and sequence: profiling needs sizes
        Path device = repository.resolveSibling("data").resolve("fake-npu0");
        Files.createDirectories(device.getParent());
        Files.writeString(device, "firmware=2.1.0\nmemoryMB=512\n");
        return options(
                Platform.felix(ProfilingIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.cpuAccelerator(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()),
                systemProperty(NPU_DEVICE).value(device.toString()),
                systemProperty(NPU_JAR).value(Platform.bundleFile("org.modelgate.accel.sample.npu").getAbsolutePath()));
    }

    @After
    public void uninstallTheNpuDriver() throws Exception {
        if (npu != null) {
            npu.uninstall();
        }
    }

    @Test
    public void profilingMiniLmUnderLightLoadStoresTheWinnerAndReplansWithoutAFailedRequest() throws Exception {
        Gateway gateway = new Gateway(context);
        gateway.configure("org.modelgate.accel.sample.npu", Map.of("device", System.getProperty(NPU_DEVICE)));
        Path repository = Path.of(System.getProperty(TestModels.REPOSITORY));
        gateway.configureRegistry(repository, MODEL);
        npu = context.installBundle(Path.of(System.getProperty(NPU_JAR)).toUri().toString());
        npu.start();
        awaitPlan(gateway, "npu", false);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Thread client = new Thread(() -> {
            while (running.get()) {
                try {
                    gateway.inference().infer(MODEL, MiniLm.request());
                    served.incrementAndGet();
                    Thread.sleep(5); // light load: about one core's worth is left to the candidates
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable e) {
                    failures.add(e);
                }
            }
        }, "light-load");
        client.start();
        ProfileReport report;
        try {
            report = gateway.registry().profile(MODEL, ProfileRequest.ofRuns(Integer.getInteger("profile.runs", 20)),
                    (done, total, step) -> System.out.println("profile " + done + "/" + total + " " + step));
        } finally {
            running.set(false);
            client.join();
        }
        print(report);

        assertEquals("failed requests while profiling: " + failures, 0, failures.size());
        assertTrue("requests were served meanwhile", served.get() > 10);
        List<String> drivers = report.measurements().stream().map(m -> String.valueOf(m.driver())).distinct().toList();
        assertEquals("candidates", List.of("npu", "cpu", "null"), drivers);
        assertTrue("every candidate ran: " + report.measurements(), report.measurements().stream().allMatch(ProfileMeasurement::ok));
        ProfileMeasurement winner = report.winner();
        assertNotNull("a winner", winner);
        String plan = Files.readString(repository.resolve(MODEL).resolve("plan.json"));
        assertTrue(plan, plan.contains("\"driver\" : \"" + winner.driver() + "\""));
        // On ONNX Runtime's global pools (the default) a model has no threads of its own to store (threads 0).
        assertTrue(plan, winner.threads() == 0 ? !plan.contains("intraOpThreads")
                : plan.contains("\"intraOpThreads\" : \"" + winner.threads() + "\""));
        ModelInfo info = awaitPlan(gateway, winner.driver(), true);
        if (winner.threads() != 0) { // on global pools the driver's own thread setting stays and is not applied
            assertEquals("threads", Integer.toString(winner.threads()), info.plan().settings().get("intraOpThreads"));
        }
        assertEquals("state", ModelState.READY, gateway.registry().model(MODEL).orElseThrow().state());
        assertEquals(report, gateway.registry().lastProfile(MODEL).orElseThrow());
    }

    private static ModelInfo awaitPlan(Gateway gateway, String accelerator, boolean fromPlanFile) {
        return Gateway.await("model READY under " + accelerator + (fromPlanFile ? " from plan.json" : ""), 60_000,
                () -> gateway.registry().model(MODEL).filter(m -> m.state() == ModelState.READY
                        && accelerator.equals(m.accelerator()) && (!fromPlanFile || m.plan().reason().startsWith("plan.json")))
                        .orElse(null));
    }

    private static void print(ProfileReport report) {
        System.out.println("PROFILE " + report.model() + " " + report.version() + ", " + report.runs() + " runs, "
                + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println(String.format(Locale.ROOT, "%-12s %-9s %7s %8s %8s %8s %8s %8s", "BACKEND", "DRIVER", "THREADS",
                "LOAD ms", "P50 ms", "P99 ms", "REQ/S", "MEM MiB"));
        for (ProfileMeasurement m : report.measurements()) {
            System.out.println(m.ok() ? String.format(Locale.ROOT, "%-12s %-9s %7d %8.1f %8.2f %8.2f %8.1f %8s", m.backend(),
                    m.driver() == null ? "defaults" : m.driver(), m.threads(), m.loadMillis(), m.p50Millis(), m.p99Millis(),
                    m.throughput(), m.memoryMiB() == null ? "-" : String.format(Locale.ROOT, "%.1f", m.memoryMiB()))
                    : m.label() + " failed: " + m.failure());
        }
        System.out.println(report.outcome());
    }
}
