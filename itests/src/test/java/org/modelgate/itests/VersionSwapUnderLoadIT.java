package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Feature: operators switch a model between versions while clients keep calling it, and no request
 * fails: the new version loads and passes its trial beside the serving one, traffic moves with one
 * reference swap, the old one closes after its last request. A version that cannot load is refused
 * with the old one still serving. The latency during the swaps is printed next to the steady one
 * (reported, not asserted: this machine is shared and noisy).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VersionSwapUnderLoadIT {
    private static final String MODEL = "minilm";
    private static final String INCOMING = "modelgate.itest.incoming";
    private static final int CLIENTS = 4;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        Path repository = TestModels.emptyRepository(VersionSwapUnderLoadIT.class);
        TestModels.addOnnxModel(repository, MODEL, "1.0.0", TestModels.MINILM_INT8);
        Path incoming = TestModels.emptyRepository(VersionSwapUnderLoadIT.class, "incoming");
        TestModels.addOnnxModel(incoming, MODEL, "1.1.0", TestModels.MINILM_FP32);
        TestModels.addCorruptOnnxModel(incoming, MODEL, "1.2.0");
        return options(
                Platform.felix(VersionSwapUnderLoadIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()),
                systemProperty(INCOMING).value(incoming.toString()));
    }

    @Test
    public void activationsRollbacksAndARefusedVersionUnderLoadFailNoRequest() throws Exception {
        Gateway gateway = new Gateway(context);
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), MODEL);
        gateway.awaitModel(MODEL, ModelState.READY);
        Path incoming = Path.of(System.getProperty(INCOMING)).resolve(MODEL);
        gateway.registry().install(incoming.resolve("1.1.0"));
        gateway.registry().install(incoming.resolve("1.2.0"));

        Load load = new Load(gateway);
        load.start();
        try {
            Thread.sleep(1500);
            long steadyEnd = System.nanoTime();
            List<long[]> swaps = new ArrayList<>();
            swaps.add(timed(() -> gateway.registry().activate(MODEL, "1.1.0")));
            assertEquals("1.1.0", gateway.registry().model(MODEL).orElseThrow().version());
            swaps.add(timed(() -> gateway.registry().rollback(MODEL)));
            assertEquals("1.0.0", gateway.registry().model(MODEL).orElseThrow().version());
            swaps.add(timed(() -> gateway.registry().activate(MODEL, "1.1.0")));
            swaps.add(timed(() -> {
                try {
                    gateway.registry().activate(MODEL, "1.2.0");
                    fail("a version whose model file is not ONNX must be refused");
                } catch (ModelLoadException expected) {
                    assertTrue(expected.getMessage(), expected.getMessage().contains("1.2.0"));
                }
            }));
            assertEquals("the committed version still serves", "1.1.0", gateway.registry().model(MODEL).orElseThrow().version());
            Thread.sleep(500);
            load.stop();

            assertEquals("failed requests: " + load.failures, 0, load.failures.size());
            double[] steady = load.latenciesMs(0, steadyEnd);
            double[] during = load.latenciesMs(swaps);
            System.out.printf(Locale.ROOT, "[VersionSwapUnderLoadIT] %d clients, %d requests, 0 failed; steady p50 %.2f ms p99 %.2f ms"
                    + " (%d requests); during the 4 swaps p50 %.2f ms p99 %.2f ms max %.2f ms (%d requests)%n",
                    CLIENTS, load.count(), percentile(steady, 50), percentile(steady, 99), steady.length,
                    percentile(during, 50), percentile(during, 99), percentile(during, 100), during.length);
            assertTrue("requests were served during the swaps", during.length > 0);
        } finally {
            load.stop();
        }
    }

    private static long[] timed(Runnable swap) {
        long start = System.nanoTime();
        swap.run();
        return new long[] {start, System.nanoTime()};
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Client threads calling the model in a loop, keeping each request's start and end. */
    private static final class Load {
        private final Gateway gateway;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        private final List<long[]> requests = Collections.synchronizedList(new ArrayList<>());
        private final List<Thread> threads = new ArrayList<>();

        Load(Gateway gateway) {
            this.gateway = gateway;
        }

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                Thread client = new Thread(() -> {
                    while (running.get()) {
                        long start = System.nanoTime();
                        try {
                            gateway.inference().infer(MODEL, MiniLm.request());
                            requests.add(new long[] {start, System.nanoTime()});
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                }, "itest-client-" + i);
                threads.add(client);
                client.start();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }

        int count() {
            return requests.size();
        }

        /** Latencies of requests that ended before {@code end} and began after {@code from}, sorted. */
        double[] latenciesMs(long from, long end) {
            synchronized (requests) {
                return requests.stream().filter(r -> r[0] >= from && r[1] <= end).mapToDouble(r -> (r[1] - r[0]) / 1e6).sorted().toArray();
            }
        }

        /** Latencies of requests that overlapped any of the swap windows, sorted. */
        double[] latenciesMs(List<long[]> windows) {
            synchronized (requests) {
                return requests.stream().filter(r -> windows.stream().anyMatch(w -> r[1] >= w[0] && r[0] <= w[1]))
                        .mapToDouble(r -> (r[1] - r[0]) / 1e6).sorted().toArray();
            }
        }
    }
}
