package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Path;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.ModelState;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.ProcessStatus;
import org.modelgate.itests.support.TestModels;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Feature: stopping and starting the onnxruntime backend bundle many times, with a model loaded on it, leaves
 * no thread behind, with pools per session and with global pools.
 *
 * <p>Each start makes the registry load the model again, on a thread made for that load ({@value #REGISTRY_THREAD}), so the
 * ONNX Runtime workers of that model's sessions carry that name and are counted exactly. The process's
 * resident memory is printed for the record (target/failsafe-reports/...-output.txt), not asserted: it is noisy.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BackendRestartLeakIT {
    private static final String MODEL = "minilm";
    private static final String BACKEND_BUNDLE = "org.modelgate.backend.onnxruntime";
    private static final String BACKEND_PID = "org.modelgate.backend.onnxruntime";
    private static final String REGISTRY_THREAD = "modelgate-load";
    private static final int WARM_UP = 3;
    /** Restarts per test; {@code -Ditest.restarts=N} on the Maven command line for a longer leak check. */
    private static final String RESTARTS_PROPERTY = "itest.restarts";
    /** The JVM may start or end a compiler thread meanwhile; ONNX Runtime's are counted exactly. */
    private static final int JVM_THREAD_SLACK = 2;

    @Inject
    private BundleContext context;

    private Gateway gateway;
    private final int restarts = Integer.getInteger(RESTARTS_PROPERTY, 40);
    private final StringBuilder trail = new StringBuilder();

    @Configuration
    public Option[] config() {
        Path repository = TestModels.emptyRepository(BackendRestartLeakIT.class);
        TestModels.addOnnxModel(repository, MODEL, "1.0.0", TestModels.MINILM_INT8);
        return options(
                Platform.felix(BackendRestartLeakIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()),
                systemProperty(RESTARTS_PROPERTY).value(System.getProperty(RESTARTS_PROPERTY, "40")));
    }

    @Test
    public void whenTheBackendRestartsWithPoolsPerSession_noThreadIsLeftBehind() throws Exception {
        givenModelServedWithThreading("PER_SESSION");
        ProcessStatus before = afterWarmUpRestarts();
        int workersBefore = ProcessStatus.threadsNamed(REGISTRY_THREAD);

        whenTheBackendRestarts(restarts);

        thenNoThreadIsLeftBehind("PER_SESSION", before, workersBefore);
        assertEquals("the one intra-op worker of the loaded model's session (the loading thread itself has ended)", 1,
                workersBefore);
    }

    @Test
    public void whenTheBackendRestartsWithGlobalPools_noThreadIsLeftBehind() throws Exception {
        givenModelServedWithThreading("GLOBAL");
        ProcessStatus before = afterWarmUpRestarts();
        int workersBefore = ProcessStatus.threadsNamed(REGISTRY_THREAD);

        whenTheBackendRestarts(restarts);

        thenNoThreadIsLeftBehind("GLOBAL", before, workersBefore);
    }

    // ---- given ----

    private void givenModelServedWithThreading(String threading) {
        assumeTrue("reads /proc (Linux)", ProcessStatus.visible());
        gateway = new Gateway(context);
        gateway.configure(BACKEND_PID, Map.of("threading", threading, "intraOpThreads", 2, "interOpThreads", 1));
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), MODEL);
        gateway.awaitModel(MODEL, ModelState.READY);
    }

    private ProcessStatus afterWarmUpRestarts() throws Exception {
        whenTheBackendRestarts(WARM_UP); // the model's session now has the configured threading
        return settled();
    }

    // ---- when ----

    private void whenTheBackendRestarts(int times) throws Exception {
        Bundle backend = gateway.bundle(BACKEND_BUNDLE);
        for (int i = 1; i <= times; i++) {
            backend.stop();
            assertEquals("backend bundle state", Bundle.RESOLVED, backend.getState());
            backend.start();
            gateway.awaitModel(MODEL, ModelState.READY);
            assertTrue("the model serves again", !gateway.inference().infer(MODEL, MiniLm.request()).outputs().isEmpty());
            if (times > WARM_UP && i % Math.max(1, times / 4) == 0) {
                trail.append(String.format(java.util.Locale.ROOT, " %d: %.1f MiB;", i, ProcessStatus.now().rssKiB() / 1024.0));
            }
        }
    }

    // ---- then ----

    private void thenNoThreadIsLeftBehind(String threading, ProcessStatus before, int workersBefore) throws Exception {
        ProcessStatus after = settled();
        System.out.printf("BackendRestartLeakIT %s: %d backend restarts with %s loaded: before %s; RSS after restart%s "
                + "after %s%n", threading, restarts, MODEL, before, trail, after);
        assertEquals("threads named after the registry's loading thread (it and its sessions' workers)", workersBefore,
                ProcessStatus.threadsNamed(REGISTRY_THREAD));
        assertTrue("process threads after " + restarts + " restarts: " + after.threads() + ", before: " + before.threads(),
                after.threads() <= before.threads() + JVM_THREAD_SLACK);
    }

    /** The status once threads that are ending have ended (a stopped bundle's SCR work, finished requests). */
    private static ProcessStatus settled() throws InterruptedException {
        ProcessStatus status = ProcessStatus.now();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(100);
            ProcessStatus next = ProcessStatus.now();
            if (next.threads() == status.threads()) {
                return next;
            }
            status = next;
        }
        return status;
    }
}
