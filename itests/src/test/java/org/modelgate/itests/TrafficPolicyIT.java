package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelState;
import org.modelgate.api.Tensor;
import org.modelgate.api.VersionEvent;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.modelgate.itests.support.TrafficModels;
import org.modelgate.itests.support.TrafficModels.Kind;
import org.modelgate.traffic.Guard;
import org.modelgate.traffic.TrafficManager;
import org.modelgate.traffic.TrafficPolicy;
import org.modelgate.traffic.TrafficStatus;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Feature: canary and shadow on one gateway with models the test writes (ONNX graphs on ONNX Runtime,
 * {@link TrafficModels}), the record stream and the traffic bundle. Every champion answers {@code y = 2x}; the
 * challengers: a slow one (many times the champion's p95) and one failing on some inputs are rolled back by
 * their guards while clients keep calling; a shadow that answers differently is rolled back on agreement and never
 * changed a caller's answer; an equal one is promoted and committed under load. No request fails during a promotion or
 * a rollback; the only failures are the failing challenger's own answers before its rollback.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TrafficPolicyIT {
    private static final Duration DECIDED_WITHIN = Duration.ofMinutes(3);
    private static final String[] MODELS = { "slow", "failing", "shadowed", "equal" };

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        Path repository = TestModels.emptyRepository(TrafficPolicyIT.class);
        champion(repository, "slow", Kind.SLOW);
        champion(repository, "failing", Kind.FAILING);
        champion(repository, "shadowed", Kind.SHIFTED);
        champion(repository, "equal", Kind.DOUBLE);
        return options(
                Platform.felix(TrafficPolicyIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.traffic(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()));
    }

    /** 1.0.0 (y = 2x) committed, the challenger 1.1.0 installed beside it. */
    private static void champion(Path repository, String model, Kind challenger) {
        TrafficModels.add(repository, model, "1.0.0", Kind.DOUBLE);
        TrafficModels.add(repository, model, "1.1.0", challenger);
        try {
            Files.writeString(repository.resolve(model).resolve("active"), "1.0.0\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    public void aSlowerChallengerIsRolledBackOnItsP95WhileClientsCallWithNoFailedRequest() throws Exception {
        Gateway gateway = gatewayWith("slow");
        TrafficManager traffic = gateway.service(TrafficManager.class);
        traffic.start("slow", new TrafficPolicy("1.1.0", TrafficPolicy.Mode.SPLIT, 50, false,
                List.of(new Guard(Guard.Metric.P95_LATENCY, 2, 30)), DECIDED_WITHIN));

        Load load = new Load(gateway, "slow", 2, false).start();
        TrafficStatus ended = awaitEnd(traffic, "slow");
        load.awaitMore(50);
        load.stop();

        assertEquals("failed requests: " + load.failures, 0, load.failures.size());
        assertEquals(ended.reason(), TrafficStatus.State.ROLLED_BACK, ended.state());
        assertTrue(ended.reason(), ended.reason().startsWith("guard p95_latency failed"));
        thenTheHistoryEndsWith(gateway, "slow", VersionEvent.Kind.ROLLED_BACK, "p95_latency");
        thenServedBy(gateway, "slow", "1.0.0");
    }

    @Test
    public void aChallengerFailingOnSomeInputsIsRolledBackOnItsErrorRate() throws Exception {
        Gateway gateway = gatewayWith("failing");
        TrafficManager traffic = gateway.service(TrafficManager.class);
        traffic.start("failing", new TrafficPolicy("1.1.0", TrafficPolicy.Mode.SPLIT, 50, true,
                List.of(new Guard(Guard.Metric.ERROR_RATE, 0.05, 100)), DECIDED_WITHIN));

        Load load = new Load(gateway, "failing", 2, true).start();
        TrafficStatus ended = awaitEnd(traffic, "failing");
        int failedBefore = load.failures.size();
        long after = load.count.get();
        load.awaitMore(200);
        load.stop();

        assertEquals(ended.reason(), TrafficStatus.State.ROLLED_BACK, ended.state());
        assertTrue(ended.reason(), ended.reason().startsWith("guard error_rate failed"));
        assertTrue("the challenger failed some requests", failedBefore > 0);
        for (Throwable failure : load.failures) {
            assertTrue("only the challenger fails: " + failure, String.valueOf(failure.getMessage()).contains("1.1.0"));
        }
        assertTrue("requests after the rollback: " + (load.count.get() - after), load.count.get() - after >= 200);
        thenTheHistoryEndsWith(gateway, "failing", VersionEvent.Kind.ROLLED_BACK, "error_rate");
        thenServedBy(gateway, "failing", "1.0.0");
    }

    @Test
    public void aShadowAnsweringDifferentlyIsRolledBackAndNeverChangesACallersAnswer() throws Exception {
        Gateway gateway = gatewayWith("shadowed");
        TrafficManager traffic = gateway.service(TrafficManager.class);
        traffic.start("shadowed", new TrafficPolicy("1.1.0", TrafficPolicy.Mode.SHADOW, 100, false,
                List.of(new Guard(Guard.Metric.AGREEMENT, 0.99, 30)), DECIDED_WITHIN));

        Load load = new Load(gateway, "shadowed", 2, false).start();
        TrafficStatus ended = awaitEnd(traffic, "shadowed");
        load.stop();

        assertEquals("failed requests: " + load.failures, 0, load.failures.size());
        assertEquals("answers that were not the champion's (2x from 1.0.0)", 0, load.foreignAnswers.get());
        assertTrue("requests were compared", load.count.get() > 0);
        assertEquals(ended.reason(), TrafficStatus.State.ROLLED_BACK, ended.state());
        assertTrue(ended.reason(), ended.reason().startsWith("guard agreement failed; evidence: agreement 0.0000"));
        thenTheHistoryEndsWith(gateway, "shadowed", VersionEvent.Kind.ROLLED_BACK, "agreement");
    }

    @Test
    public void anEqualChallengerIsPromotedAndCommittedUnderLoadWithNoFailedRequest() throws Exception {
        Gateway gateway = gatewayWith("equal");
        TrafficManager traffic = gateway.service(TrafficManager.class);
        traffic.start("equal", new TrafficPolicy("1.1.0", TrafficPolicy.Mode.SPLIT, 50, true,
                List.of(new Guard(Guard.Metric.ERROR_RATE, 0.01, 200)), DECIDED_WITHIN));

        Load load = new Load(gateway, "equal", 4, false).start();
        TrafficStatus ended = awaitEnd(traffic, "equal");
        load.awaitMore(200);
        load.stop();

        assertEquals("failed requests: " + load.failures, 0, load.failures.size());
        assertEquals(ended.reason(), TrafficStatus.State.PROMOTED, ended.state());
        assertTrue(ended.reason(), ended.reason().startsWith("every guard passed"));
        assertEquals("1.1.0", gateway.registry().model("equal").orElseThrow().version());
        thenTheHistoryEndsWith(gateway, "equal", VersionEvent.Kind.COMMITTED, "promoted from challenger after 1.0.0");
        Path repository = Path.of(System.getProperty(TestModels.REPOSITORY));
        assertEquals("1.1.0", Files.readString(repository.resolve("equal/active")).trim());
        thenServedBy(gateway, "equal", "1.1.0");
    }

    private Gateway gatewayWith(String model) {
        Gateway gateway = new Gateway(context);
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), MODELS);
        gateway.awaitModel(model, ModelState.READY);
        return gateway;
    }

    private static TrafficStatus awaitEnd(TrafficManager traffic, String model) {
        return Gateway.await("the traffic policy of " + model + " to end", DECIDED_WITHIN.toMillis() + 30_000, () -> {
            TrafficStatus status = traffic.status(model).orElseThrow();
            return status.state() == TrafficStatus.State.RUNNING ? null : status;
        });
    }

    private static void thenTheHistoryEndsWith(Gateway gateway, String model, VersionEvent.Kind kind, String evidence) {
        List<VersionEvent> history = gateway.registry().history(model);
        VersionEvent last = history.get(history.size() - 1);
        assertEquals(history.toString(), kind, last.kind());
        assertEquals("1.1.0", last.version());
        assertTrue(last.reason(), last.reason().contains(evidence));
    }

    private static void thenServedBy(Gateway gateway, String model, String version) {
        assertTrue(gateway.registry().challenger(model).isEmpty());
        for (int i = 0; i < 20; i++) {
            assertEquals(version, gateway.inference().infer(model, request(i, "after-" + i)).version());
        }
    }

    /** x = [i % 10, 1, 1, 1]: the failing challenger fails when i % 10 is 8 or 9. */
    private static InferenceRequest request(long i, String routeKey) {
        return InferenceRequest.of(Tensor.ofFloats("x", new long[] { 1, 4 }, i % 10, 1f, 1f, 1f)).withRouteKey(routeKey);
    }

    /** Client threads calling a model in a loop; every answer is checked against the champion's (y = 2x, 1.0.0). */
    private static final class Load {
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong count = new AtomicLong();
        final AtomicLong foreignAnswers = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(Gateway gateway, String model, int clients, boolean varyInputs) {
            for (int i = 0; i < clients; i++) {
                int client = i;
                threads.add(new Thread(() -> {
                    while (running.get()) {
                        long n = count.get();
                        InferenceRequest request = request(varyInputs ? n : 1, "client-" + client + "-" + n);
                        try {
                            InferenceResponse response = gateway.inference().infer(model, request);
                            float[] y = response.outputs().get(0).toFloatArray();
                            float x0 = request.inputs().get(0).toFloatArray()[0];
                            if (y[0] != 2 * x0 || y[1] != 2f || !"1.0.0".equals(response.version())
                                    && !"1.1.0".equals(response.version())) {
                                foreignAnswers.incrementAndGet();
                            } else if (model.equals("shadowed") && !"1.0.0".equals(response.version())) {
                                foreignAnswers.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                        count.incrementAndGet();
                    }
                }, "itest-client-" + i));
            }
        }

        Load start() {
            threads.forEach(Thread::start);
            return this;
        }

        void awaitMore(long n) {
            long target = count.get() + n;
            Gateway.await(n + " more requests", () -> count.get() >= target ? Boolean.TRUE : null);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }
    }
}
