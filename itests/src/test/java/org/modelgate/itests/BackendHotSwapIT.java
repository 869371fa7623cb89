package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.Parity;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.modelgate.spi.InferenceBackend;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Feature: the ONNX Runtime backend is a plugin that can be stopped, started and updated while the
 * gateway keeps running.
 *
 * <p>With a model loaded on it: stopping the backend bundle makes requests fail with
 * {@link ModelUnavailableException} (and nothing else, even for requests in flight) while the framework
 * and the core stay up; starting it serves the model again by itself with the same outputs; updating
 * the bundle from its jar and refreshing it does the same. The framework is never restarted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BackendHotSwapIT {
    private static final String MODEL = "minilm";
    private static final String BACKEND_BUNDLE = "org.modelgate.backend.onnxruntime";
    private static final String BACKEND_JAR = "modelgate.itest.backend.jar";

    @Inject
    private BundleContext context;

    private Gateway gateway;
    private List<Tensor> servedBefore;
    private long registryServiceId;

    @Configuration
    public Option[] config() {
        Path repository = TestModels.emptyRepository(BackendHotSwapIT.class);
        TestModels.addOnnxModel(repository, MODEL, "1.0.0", TestModels.MINILM_INT8);
        return options(
                Platform.felix(BackendHotSwapIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()),
                systemProperty(BACKEND_JAR).value(Platform.bundleFile(BACKEND_BUNDLE).getAbsolutePath()));
    }

    @Before
    public void givenModelServedByOnnxRuntime() throws Exception {
        gateway = new Gateway(context);
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), MODEL);
        Bundle backend = gateway.bundle(BACKEND_BUNDLE);
        if (backend.getState() != Bundle.ACTIVE) {
            backend.start();
        }
        servedBefore = servedNowOrAfterReload();
        assertEquals("backend serving " + MODEL, "onnxruntime", gateway.registry().model(MODEL).orElseThrow().backend());
        servedBefore.forEach(t -> Parity.assertNotConstant(t.name(), t.toFloatArray()));
        registryServiceId = serviceId(ModelRegistry.class);
    }

    @Test
    public void whenBackendStops_requestsFailCleanlyAndTheGatewayKeepsRunning() throws Exception {
        List<Throwable> unexpected = whileRequestsRun(() -> whenBackendBundleStops());

        thenOnlyModelUnavailableWasThrown(unexpected);
        thenRequestsFailWithModelUnavailable();
        thenModelIsUnavailableSayingWhy();
        thenFrameworkAndCoreKeptRunning();
    }

    @Test
    public void whenBackendStartsAgain_theModelServesByItselfWithTheSameOutputs() throws Exception {
        whenBackendBundleStops();
        thenRequestsFailWithModelUnavailable();

        gateway.bundle(BACKEND_BUNDLE).start();

        thenModelServesTheSameOutputsAgain();
        thenFrameworkAndCoreKeptRunning();
    }

    @Test
    public void whenBackendIsUpdatedAndRefreshed_theModelServesAgain() throws Exception {
        Bundle backend = gateway.bundle(BACKEND_BUNDLE);
        long backendServiceBefore = serviceId(InferenceBackend.class);
        long modifiedBefore = backend.getLastModified();

        List<Throwable> unexpected = whileRequestsRun(() -> whenBackendIsUpdatedFromItsJarAndRefreshed(backend));

        thenOnlyModelUnavailableWasThrown(unexpected);
        assertEquals("backend bundle state after update", Bundle.ACTIVE, backend.getState());
        assertTrue("the bundle was really updated", backend.getLastModified() > modifiedBefore);
        thenModelServesTheSameOutputsAgain();
        assertNotEquals("a new backend service replaced the old one", backendServiceBefore, serviceId(InferenceBackend.class));
        thenFrameworkAndCoreKeptRunning();
    }

    /**
     * Uninstalling the backend under load, then installing a fresh copy: its models answer "unavailable"
     * meanwhile and serve again by themselves. (This is the case where Felix SCR was seen to lose track of the
     * backend services; the core follows them with a ServiceTracker since.)
     */
    @Test
    public void whenBackendIsUninstalledAndInstalledAgain_theModelServesAgain() throws Exception {
        Bundle old = gateway.bundle(BACKEND_BUNDLE);
        List<Throwable> unexpected = whileRequestsRun(() -> old.uninstall());
        thenOnlyModelUnavailableWasThrown(unexpected);
        thenRequestsFailWithModelUnavailable();
        thenModelIsUnavailableSayingWhy();

        Path jar = Path.of(System.getProperty(BACKEND_JAR));
        Bundle fresh = context.installBundle(jar.toUri().toString());
        fresh.start();

        assertNotEquals("a new bundle, not the old one", old.getBundleId(), fresh.getBundleId());
        thenModelServesTheSameOutputsAgain();
        thenFrameworkAndCoreKeptRunning();
    }

    /**
     * The outputs now; a model another test left broken (READY but not serving, or serving on a
     * backend that is gone) is reloaded first, so each feature starts from a sound state and a
     * defect fails only the test that shows it.
     */
    private List<Tensor> servedNowOrAfterReload() {
        try {
            gateway.awaitModel(MODEL, ModelState.READY, 15_000);
            Gateway.await("the model counted on the backend", 5_000, () -> gateway.registry().backends().stream()
                    .anyMatch(b -> b.loadedModels() == 1) ? Boolean.TRUE : null);
            return gateway.inference().infer(MODEL, MiniLm.request()).outputs();
        } catch (AssertionError | ModelUnavailableException e) {
            gateway.registry().unload(MODEL);
            gateway.registry().load(MODEL);
            return gateway.inference().infer(MODEL, MiniLm.request()).outputs();
        }
    }

    @Test
    public void whenBackendStopsWhileLoadingTheModel_theModelDoesNotServeOnTheDepartedBackend() throws Exception {
        whenBackendBundleStops();
        gateway.bundle(BACKEND_BUNDLE).start();
        ModelState stateWhenStopped = gateway.registry().model(MODEL).orElseThrow().state();
        whenBackendBundleStops();
        assertEquals("the backend was stopped while the registry was loading the model on it",
                ModelState.LOADING, stateWhenStopped);

        ModelInfo settled = Gateway.await("the interrupted load to settle", () -> gateway.registry().model(MODEL)
                .filter(info -> info.state() != ModelState.LOADING).orElse(null));
        assertEquals("a model whose backend left during its load must wait for a backend (" + settled + "; backends present: "
                + gateway.registry().backends() + ")", ModelState.UNAVAILABLE, settled.state());
        thenRequestsFailWithModelUnavailable();

        gateway.bundle(BACKEND_BUNDLE).start();

        thenModelServesTheSameOutputsAgain();
        thenFrameworkAndCoreKeptRunning();
    }

    // ---- when ----

    private void whenBackendBundleStops() throws Exception {
        gateway.bundle(BACKEND_BUNDLE).stop();
        assertEquals("backend bundle state", Bundle.RESOLVED, gateway.bundle(BACKEND_BUNDLE).getState());
    }

    private void whenBackendIsUpdatedFromItsJarAndRefreshed(Bundle backend) throws Exception {
        Path jar = Path.of(System.getProperty(BACKEND_JAR));
        try (InputStream in = Files.newInputStream(jar)) {
            backend.update(in);
        }
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch refreshed = new CountDownLatch(1);
        AtomicInteger eventType = new AtomicInteger();
        wiring.refreshBundles(Set.of(backend), event -> {
            eventType.set(event.getType());
            refreshed.countDown();
        });
        assertTrue("packages refreshed within 60 s", refreshed.await(60, TimeUnit.SECONDS));
        assertEquals("refresh event", FrameworkEvent.PACKAGES_REFRESHED, eventType.get());
    }

    // ---- then ----

    private void thenRequestsFailWithModelUnavailable() {
        try {
            gateway.inference().infer(MODEL, MiniLm.request());
            fail("a request to " + MODEL + " must fail while its backend is stopped");
        } catch (ModelUnavailableException e) {
            String message = e.getMessage();
            assertTrue("message names the model: " + message, message.contains(MODEL));
            // "backend onnxruntime ... went away", or once the registry has moved on: "no backend runs format 'onnx' ... yet"
            assertTrue("message names the backend that went away or the format that waits for one: " + message,
                    message.contains("onnxruntime") || message.contains("format 'onnx'"));
        }
    }

    private void thenModelIsUnavailableSayingWhy() {
        ModelInfo info = gateway.registry().model(MODEL).orElseThrow();
        assertEquals("state of " + info + "; backends " + gateway.registry().backends() + "; bundles "
                + java.util.Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().contains("backend"))
                        .map(b -> b.getBundleId() + ":" + b.getState()).toList(), ModelState.UNAVAILABLE, info.state());
        assertTrue("reason names the backend: " + info.reason(), info.reason() != null && info.reason().contains("onnxruntime"));
        assertTrue("no backend is left: " + gateway.registry().backends(), gateway.registry().backends().isEmpty());
    }

    private void thenModelServesTheSameOutputsAgain() {
        // no load call: the registry brings the model back when a backend for 'onnx' arrives
        ModelInfo info = gateway.awaitModel(MODEL, ModelState.READY);
        assertEquals("backend", "onnxruntime", info.backend());
        InferenceResponse response = gateway.inference().infer(MODEL, MiniLm.request());
        assertEquals("output count", servedBefore.size(), response.outputs().size());
        for (Tensor before : servedBefore) {
            Tensor after = response.output(before.name());
            Parity.assertBitIdentical(before.name() + " after the backend came back", before.shape(),
                    before.toFloatArray(), after.shape(), after.toFloatArray());
        }
    }

    private void thenOnlyModelUnavailableWasThrown(List<Throwable> unexpected) {
        if (!unexpected.isEmpty()) {
            AssertionError error = new AssertionError("requests running while the backend went away failed with "
                    + unexpected.size() + " exception(s) other than ModelUnavailableException, first: " + unexpected.get(0));
            error.initCause(unexpected.get(0));
            throw error;
        }
    }

    private void thenFrameworkAndCoreKeptRunning() {
        assertEquals("framework state", Bundle.ACTIVE, context.getBundle(0).getState());
        assertEquals("core state", Bundle.ACTIVE, gateway.bundle("org.modelgate.core").getState());
        assertEquals("ORT API bundle state", Bundle.ACTIVE, gateway.bundle("ai.onnxruntime").getState());
        assertEquals("the registry component was not restarted (same service)", registryServiceId,
                serviceId(ModelRegistry.class));
    }

    // ---- helpers ----

    private interface Action {
        void run() throws Exception;
    }

    /** Runs the action while two threads keep sending requests; answers what they saw besides success and ModelUnavailable. */
    private List<Throwable> whileRequestsRun(Action action) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread client = new Thread(() -> {
                while (running.get()) {
                    try {
                        gateway.inference().infer(MODEL, MiniLm.request());
                        served.incrementAndGet();
                    } catch (ModelUnavailableException e) {
                        // expected while the backend is away
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }
            }, "itest-client-" + i);
            clients.add(client);
            client.start();
        }
        Gateway.await("requests served before the change", () -> served.get() > 0 ? Boolean.TRUE : null);
        try {
            action.run();
        } finally {
            running.set(false);
            for (Thread client : clients) {
                client.join(30_000);
            }
        }
        return unexpected;
    }

    private long serviceId(Class<?> type) {
        ServiceReference<?> reference = Gateway.await(type.getSimpleName() + " service",
                () -> context.getServiceReference(type));
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }
}
