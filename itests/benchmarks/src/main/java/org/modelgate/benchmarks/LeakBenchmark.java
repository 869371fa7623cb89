package org.modelgate.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.ModelState;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.backend.onnxruntime.internal.Threading;
import org.modelgate.core.internal.ModelRegistryService;

/**
 * Leak check: hundreds of load/unload cycles of MiniLM int8 through the registry and the ONNX Runtime backend,
 * then backend restarts with the model loaded (what a bundle stop/start does to the components: the registry
 * loses the backend, the backend deactivates, a new one arrives and the registry loads the model on it again),
 * each with per-session and with global thread pools. Samples the process's RSS and native thread count
 * before, during and after, in a child JVM with a fixed, pre-touched heap, so that RSS moves only with native
 * memory, metaspace and code.
 */
final class LeakBenchmark {
    private static final String MODEL = "minilm";
    private static final String CYCLER = "mg-leak-cycles";
    private static final String REGISTRY_THREAD = "modelgate-load"; // the thread each registry load runs on
    private static final int WARM_UP = 20;

    private final int cycles = Integer.getInteger("leak.cycles", 300);
    private final int restarts = Integer.getInteger("leak.restarts", 100);
    private final InferenceRequest request = GatewayBenchmark.miniLmRequest(32);
    private long serviceIds;
    private double sink;

    static String run() throws Exception {
        return ChildJvm.run(List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC"),
                Map.of("MALLOC_ARENA_MAX", "2"), "leak-process");
    }

    /** A registry serving the model from one backend, which restarts replace. */
    private final class Gateway {
        final Threading threading;
        final ModelRegistryService registry = new ModelRegistryService();
        OnnxRuntimeBackend backend;

        Gateway(Path repository, Threading threading) throws Exception {
            this.threading = threading;
            MiniLm.install(repository, MODEL, MiniLm.INT8, "{}");
            backend = newBackend();
            Components.bind(registry, "addBackend", backend, Map.of("service.id", ++serviceIds));
            Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false));
        }

        OnnxRuntimeBackend newBackend() throws Exception {
            return Components.construct(OnnxRuntimeBackend.class, Map.of("intraOpThreads", 2, "interOpThreads", 1,
                    "threading", threading));
        }

        void loadServeUnload() {
            registry.load(MODEL);
            serve();
            registry.unload(MODEL);
        }

        void restartBackend() throws Exception {
            Components.bind(registry, "removeBackend", backend, Map.of());
            Components.deactivate(backend);
            backend = newBackend();
            Components.bind(registry, "addBackend", backend, Map.of("service.id", ++serviceIds));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (registry.model(MODEL).orElseThrow().state() != ModelState.READY) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the model did not serve again: " + registry.model(MODEL));
                }
                Thread.sleep(1);
            }
            serve();
        }

        void serve() {
            for (int i = 0; i < 2; i++) {
                sink += registry.infer(MODEL, request).outputs().get(0).elementCount();
            }
        }
    }

    /** What a phase does once. */
    private interface Step {
        void run() throws Exception;
    }

    String runHere(Path work) throws Exception {
        Quiet.logging();
        ProcessSample start = ProcessSample.afterGc();
        // the GLOBAL backend first: it creates ONNX Runtime's environment, with its pools
        Gateway global = new Gateway(work.resolve("leak-global"), Threading.GLOBAL);
        Gateway own = new Gateway(work.resolve("leak-own"), Threading.PER_SESSION);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nLeak check: MiniLM int8 (seq 32, 2 requests per cycle), 2 intra-op threads; JVM %s, process at start: %s%n%n",
                String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()), start));
        out.append("| what | cycles | RSS after warm-up (GC) | at 1/3 | at 2/3 | at the end | after GC | RSS change | "
                + "threads before → after | ORT workers left | heap after GC |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Gateway gateway : List.of(own, global)) {
            out.append(phase("registry load + 2 requests + unload, " + gateway.threading, cycles, CYCLER,
                    gateway::loadServeUnload));
        }
        for (Gateway gateway : List.of(own, global)) {
            onThread(CYCLER, () -> {
                gateway.registry.load(MODEL);
                return null;
            });
            out.append(phase("backend stop/start with the model loaded (reloaded by the registry), " + gateway.threading,
                    restarts, REGISTRY_THREAD, gateway::restartBackend));
            gateway.registry.unload(MODEL);
        }
        ProcessSample end = ProcessSample.afterGc();
        return out.append(String.format(Locale.ROOT, "%nProcess at the end, models unloaded: %s (checksum %s)%n", end, sink))
                .toString();
    }

    /** Runs a step many times on a thread of its own name, so the ONNX Runtime workers it creates carry that name. */
    private String phase(String what, int times, String loaderName, Step step) throws Exception {
        return onThread(CYCLER, () -> {
            for (int i = 0; i < WARM_UP; i++) {
                step.run();
            }
            ProcessSample before = ProcessSample.afterGc();
            int workersBefore = ProcessSample.named(loaderName);
            ProcessSample[] during = new ProcessSample[3];
            for (int i = 1; i <= times; i++) {
                step.run();
                if (i % Math.max(1, times / 3) == 0 && i / Math.max(1, times / 3) <= 3) {
                    during[i / Math.max(1, times / 3) - 1] = ProcessSample.now();
                }
            }
            ProcessSample after = ProcessSample.afterGc();
            int workersLeft = ProcessSample.named(loaderName) - workersBefore;
            return String.format(Locale.ROOT, "| %s | %d | %.1f MiB | %.1f | %.1f | %.1f | %.1f MiB | %+.1f MiB | %d → %d | %d | %.1f MiB |%n",
                    what, times, before.rssMiB(), during[0].rssMiB(), during[1].rssMiB(), during[2].rssMiB(), after.rssMiB(),
                    after.rssMiB() - before.rssMiB(), before.threads(), after.threads(), workersLeft, after.heapUsedKiB() / 1024.0);
        });
    }

    private static <T> T onThread(String name, Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
