package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.AcceleratorInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.Tensor;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.modelgate.spi.AcceleratorDriver;
import org.modelgate.spi.DeviceProbe;
import org.modelgate.spi.ExecutionSettings;
import org.modelgate.spi.ModelRequirements;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Feature: accelerator drivers are plugins; models follow them with no failed request.
 *
 * <p>MiniLM (int8) serves under the cpu driver. The sample vendor driver (the fictional Acme NPU, its device file
 * faked under the test's folder) is installed, stopped, started, updated and uninstalled while clients keep
 * sending requests: each time the model is re-planned onto the NPU or back to the CPU (visible in its
 * {@link ModelInfo#plan()} and in {@code accelerators()}), and not one request fails. A second model, hinted to
 * the CPU, never moves. Drivers that throw in {@code probe} or {@code settingsFor}, or hand the backend settings it
 * cannot use, are listed with the reason and change nothing else. The latency of requests during the swaps is
 * printed (p50 / p99 / max) against the rest.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AcceleratorHotPlugIT {
    private static final String MODEL = "minilm";
    private static final String PINNED = "pinned";
    private static final String NPU_BUNDLE = "org.modelgate.accel.sample.npu";
    private static final String NPU_JAR = "modelgate.itest.npu.jar";
    private static final String NPU_DEVICE = "modelgate.itest.npu.device";
    private static final String NPU_PID = "org.modelgate.accel.sample.npu";

    @Inject
    private BundleContext context;

    private Gateway gateway;
    private final List<ServiceRegistration<?>> registered = new ArrayList<>();

    @Configuration
    public Option[] config() throws IOException {
        Path repository = TestModels.emptyRepository(AcceleratorHotPlugIT.class);
        TestModels.addOnnxModel(repository, MODEL, "1.0.0", TestModels.MINILM_INT8);
        TestModels.addOnnxModel(repository, PINNED, "1.0.0", TestModels.MINILM_INT8);
        Files.writeString(repository.resolve(PINNED + "/1.0.0/model.json"), "{\"name\": \"" + PINNED + "\", \"version\": "
                + "\"1.0.0\", \"format\": \"onnx\", \"file\": \"model.onnx\", \"hints\": {\"accelerators\": [\"cpu\"]}}\n");
        Path device = repository.resolveSibling("data").resolve("fake-npu0");
        Files.createDirectories(device.getParent());
        Files.writeString(device, "firmware=2.1.0\nmemoryMB=512\n");
        return options(
                Platform.felix(AcceleratorHotPlugIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.cpuAccelerator(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()),
                systemProperty(NPU_DEVICE).value(device.toString()),
                systemProperty(NPU_JAR).value(Platform.bundleFile(NPU_BUNDLE).getAbsolutePath()));
    }

    @Before
    public void givenModelsServedUnderTheCpuDriver() {
        gateway = new Gateway(context);
        gateway.configure(NPU_PID, Map.of("device", System.getProperty(NPU_DEVICE)));
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), MODEL, PINNED);
        awaitPlan(MODEL, "cpu");
        awaitPlan(PINNED, "cpu");
    }

    @After
    public void removeWhatTheTestAdded() throws Exception {
        registered.forEach(ServiceRegistration::unregister);
        registered.clear();
        Optional<Bundle> npu = npuBundle();
        if (npu.isPresent()) {
            npu.get().uninstall();
        }
    }

    @Test
    public void whenTheNpuDriverComesGoesAndIsUpdatedUnderLoad_theModelFollowsItWithoutAFailedRequest() throws Exception {
        List<Tensor> onCpu = gateway.inference().infer(MODEL, MiniLm.request()).outputs();
        Load load = Load.start(gateway, MODEL, PINNED);
        load.steady(1500);

        Bundle npu = load.swap("install and start the NPU driver", () -> {
            Bundle installed = context.installBundle(Path.of(System.getProperty(NPU_JAR)).toUri().toString());
            installed.start();
            awaitPlan(MODEL, "npu");
            return installed;
        });
        thenTheModelRunsUnderTheNpuWithItsSettings();
        load.swap("stop the NPU driver's bundle", () -> {
            npu.stop();
            return awaitPlan(MODEL, "cpu");
        });
        load.swap("start it again", () -> {
            npu.start();
            return awaitPlan(MODEL, "npu");
        });
        long modified = npu.getLastModified();
        load.swap("update the NPU driver from its jar and refresh it", () -> {
            try (InputStream in = Files.newInputStream(Path.of(System.getProperty(NPU_JAR)))) {
                npu.update(in);
            }
            refresh(npu);
            return awaitPlan(MODEL, "npu");
        });
        assertTrue("the bundle was really updated", npu.getLastModified() > modified);
        load.swap("uninstall the NPU driver", () -> {
            npu.uninstall();
            return awaitPlan(MODEL, "cpu");
        });
        load.steady(1500);
        load.stop();

        load.report(System.out);
        assertEquals("failed requests while the driver came, went and was updated: " + load.failures(), 0, load.failures().size());
        assertTrue("requests were served meanwhile", load.served() > 50);
        assertEquals("the model hinted to the cpu never moved", "cpu", gateway.registry().model(PINNED).orElseThrow().accelerator());
        List<Tensor> back = gateway.inference().infer(MODEL, MiniLm.request()).outputs();
        for (Tensor before : onCpu) {
            assertClose(before.name() + " on the cpu again", before.toFloatArray(), back.get(onCpu.indexOf(before)).toFloatArray());
        }
        assertEquals("core state", Bundle.ACTIVE, gateway.bundle("org.modelgate.core").getState());
    }

    @Test
    public void driversThatThrowOrGiveBadSettingsAreIgnoredWithAReasonAndModelsKeepServing() throws Exception {
        Load load = Load.start(gateway, MODEL, PINNED);
        AcceleratorInfo faulty = load.swap("register a driver throwing in probe()", () -> {
            register(new TestDriver("faulty-probe", 95, null) {
                @Override
                public DeviceProbe probe() {
                    throw new IllegalStateException("simulated firmware crash");
                }
            });
            return awaitAccelerator("faulty-probe");
        });
        assertTrue("unavailable: " + faulty, !faulty.available());
        assertEquals("driver 'faulty-probe' failed in probe(): IllegalStateException: simulated firmware crash", faulty.reason());

        ModelInfo info = load.swap("register drivers throwing in / giving bad settings", () -> {
            register(new TestDriver("faulty-settings", 99, null) {
                @Override
                public Optional<ExecutionSettings> settingsFor(ModelRequirements model, String backend) {
                    throw new IllegalArgumentException("simulated bug in settingsFor");
                }
            });
            register(new TestDriver("bad-settings", 98, Map.of("ort.executionProviders", "CUDA,CPU")));
            awaitAccelerator("bad-settings");
            return Gateway.await("the model re-planned around the bad drivers", () -> gateway.registry().model(MODEL)
                    .filter(m -> m.plan() != null && m.plan().notes().stream().anyMatch(n -> n.contains("bad-settings")))
                    .orElse(null));
        });
        load.steady(1000);
        load.stop();

        assertEquals("state", ModelState.READY, info.state());
        assertEquals("it still runs under the cpu driver", "cpu", info.accelerator());
        assertTrue("the throwing driver is named: " + info.plan().notes(), info.plan().notes()
                .contains("driver 'faulty-settings' failed in settingsFor(): IllegalArgumentException: simulated bug in settingsFor"));
        assertTrue("the refused settings are named: " + info.plan().notes(), info.plan().notes().stream().anyMatch(n -> n.startsWith(
                "loading under driver bad-settings failed (model 'minilm' 1.0.0: execution provider CUDA is not in the loaded "
                        + "ONNX Runtime natives, which carry [CPU]")));
        load.report(System.out);
        assertEquals("failed requests: " + load.failures(), 0, load.failures().size());
        assertEquals("the pinned model stayed on the cpu", "cpu", gateway.registry().model(PINNED).orElseThrow().accelerator());
        assertEquals("core state", Bundle.ACTIVE, gateway.bundle("org.modelgate.core").getState());
    }

    // ---- then / helpers ----

    private void thenTheModelRunsUnderTheNpuWithItsSettings() {
        ModelInfo info = gateway.registry().model(MODEL).orElseThrow();
        assertEquals("npu settings " + info.plan(), Map.of("ort.executionProviders", "CPU", "intraOpThreads", "1", "ort.arena",
                "false", "allowSpinning", "false"), info.plan().settings());
        AcceleratorInfo npu = awaitAccelerator("npu");
        assertTrue("npu available: " + npu, npu.available());
        assertEquals("npu device", "Acme NPU at " + System.getProperty(NPU_DEVICE) + " (firmware 2.1.0, 512 MiB)", npu.device());
        assertEquals("models under the npu", List.of(MODEL), npu.models());
        assertEquals("bundle", NPU_BUNDLE, npu.bundle());
    }

    private ModelInfo awaitPlan(String model, String accelerator) {
        return Gateway.await("model '" + model + "' READY under accelerator " + accelerator, 60_000, () -> gateway.registry()
                .model(model).filter(m -> m.state() == ModelState.READY && accelerator.equals(m.accelerator())).orElse(null));
    }

    private AcceleratorInfo awaitAccelerator(String name) {
        return Gateway.await("accelerator " + name + " probed", () -> gateway.registry().accelerators().stream()
                .filter(a -> a.name().equals(name) && !"probing the device".equals(a.reason())).findFirst().orElse(null));
    }

    private Optional<Bundle> npuBundle() {
        return Arrays.stream(context.getBundles()).filter(b -> NPU_BUNDLE.equals(b.getSymbolicName())).findFirst();
    }

    private void register(AcceleratorDriver driver) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_DESCRIPTION, "test driver " + driver.name());
        registered.add(context.registerService(AcceleratorDriver.class, driver, properties));
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class)
                .refreshBundles(Set.of(bundle), event -> refreshed.countDown());
        assertTrue("refreshed within 60 s", refreshed.await(60, TimeUnit.SECONDS));
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(what + ": length", expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(what + "[" + i + "]", expected[i], actual[i], 1e-3f);
        }
    }

    /** A driver for the tests, registered from the test bundle: available, offering fixed settings. */
    private static class TestDriver implements AcceleratorDriver {
        private final String name;
        private final int rank;
        private final Map<String, String> settings;

        TestDriver(String name, int rank, Map<String, String> settings) {
            this.name = name;
            this.rank = rank;
            this.settings = settings;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DeviceProbe probe() {
            return DeviceProbe.available("test device " + name, List.of("TEST"));
        }

        @Override
        public Optional<ExecutionSettings> settingsFor(ModelRequirements model, String backend) {
            return settings == null ? Optional.empty() : Optional.of(ExecutionSettings.of(rank, settings));
        }
    }

    /** An action that changes the gateway, timed. */
    private interface Swap<T> {
        T run() throws Exception;
    }

    /**
     * Clients sending requests to models, each request's start and latency recorded, every failure kept; swaps mark
     * the windows whose requests count as "during a swap".
     */
    private static final class Load {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> clients = new ArrayList<>();
        private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
        private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        private final List<long[]> windows = new ArrayList<>();
        private final List<String> swaps = new ArrayList<>();

        static Load start(Gateway gateway, String... models) {
            Load load = new Load();
            // two clients on the model that moves, one on each other model
            List<String> targets = new ArrayList<>(List.of(models[0]));
            targets.addAll(Arrays.asList(models));
            for (String model : targets) {
                Thread client = new Thread(() -> {
                    while (load.running.get()) {
                        long start = System.nanoTime();
                        try {
                            gateway.inference().infer(model, MiniLm.request());
                            load.samples.add(new long[] {start, System.nanoTime() - start});
                        } catch (Throwable e) {
                            load.failures.add(e);
                        }
                    }
                }, "itest-client-" + model);
                load.clients.add(client);
                client.start();
            }
            Gateway.await("requests served before the first change", () -> load.samples.size() > 20 ? Boolean.TRUE : null);
            return load;
        }

        <T> T swap(String what, Swap<T> action) throws Exception {
            long start = System.nanoTime();
            T result = action.run();
            long end = System.nanoTime();
            windows.add(new long[] {start, end});
            swaps.add(String.format("%-52s %6d ms", what, (end - start) / 1_000_000));
            return result;
        }

        /** Lets the clients run without a change, for the latency outside swaps. */
        void steady(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(30_000);
            }
        }

        List<Throwable> failures() {
            return failures;
        }

        int served() {
            return samples.size();
        }

        void report(java.io.PrintStream out) {
            List<Long> during = new ArrayList<>();
            List<Long> outside = new ArrayList<>();
            synchronized (samples) {
                for (long[] sample : samples) {
                    boolean inSwap = windows.stream().anyMatch(w -> sample[0] >= w[0] && sample[0] <= w[1]);
                    (inSwap ? during : outside).add(sample[1]);
                }
            }
            out.println("[AcceleratorHotPlugIT] swaps (each until the model serves under the new plan):");
            swaps.forEach(s -> out.println("[AcceleratorHotPlugIT]   " + s));
            out.println("[AcceleratorHotPlugIT] requests: " + samples.size() + " served, " + failures.size() + " failed");
            out.println("[AcceleratorHotPlugIT] latency during swaps:  " + percentiles(during));
            out.println("[AcceleratorHotPlugIT] latency outside swaps: " + percentiles(outside));
        }

        private static String percentiles(List<Long> nanos) {
            if (nanos.isEmpty()) {
                return "no requests";
            }
            Collections.sort(nanos);
            return String.format("n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms", nanos.size(), at(nanos, 0.50), at(nanos, 0.99),
                    nanos.get(nanos.size() - 1) / 1e6);
        }

        private static double at(List<Long> sorted, double quantile) {
            int index = (int) Math.ceil(quantile * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
        }
    }
}
