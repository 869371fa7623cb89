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
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelState;
import org.modelgate.api.VersionEvent;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
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
 * Feature: canary and shadow on one gateway with real models (MiniLM int8 and fp32 on ONNX Runtime), the record
 * stream and the traffic bundle: a slower challenger (fp32 beside int8) is rolled back on its p95 by itself, a shadow
 * whose answers differ (int8 beside fp32) is rolled back on agreement and never changes a caller's answer, and an
 * equal challenger is promoted and committed while clients call the model, with no failed request.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TrafficPolicyIT {
    private static final Duration DECIDED_WITHIN = Duration.ofMinutes(3);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        Path repository = TestModels.emptyRepository(TrafficPolicyIT.class);
        champion(repository, "slow", TestModels.MINILM_INT8, TestModels.MINILM_FP32);
        champion(repository, "shadowed", TestModels.MINILM_FP32, TestModels.MINILM_INT8);
        champion(repository, "equal", TestModels.MINILM_INT8, TestModels.MINILM_INT8);
        return options(
                Platform.felix(TrafficPolicyIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.traffic(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()));
    }

    /** 1.0.0 committed, 1.1.0 installed beside it. */
    private static void champion(Path repository, String model, String committed, String challenger) {
        TestModels.addOnnxModel(repository, model, "1.0.0", committed);
        TestModels.addOnnxModel(repository, model, "1.1.0", challenger);
        try {
            Files.writeString(repository.resolve(model).resolve("active"), "1.0.0\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    public void aSlowerChallengerIsRolledBackOnItsP95AndTheCommittedVersionServes() throws Exception {
        Gateway gateway = gatewayWith("slow");
        TrafficManager traffic = gateway.service(TrafficManager.class);
        traffic.start("slow", new TrafficPolicy("1.1.0", TrafficPolicy.Mode.SPLIT, 50, false,
                List.of(new Guard(Guard.Metric.P95_LATENCY, 1.2, 50)), DECIDED_WITHIN));

        Load load = new Load(gateway, "slow", 2, null).start();
        TrafficStatus ended = awaitEnd(traffic, "slow");
        load.stop();

        assertEquals("failed requests: " + load.failures, 0, load.failures.size());
        assertEquals(ended.reason(), TrafficStatus.State.ROLLED_BACK, ended.state());
        assertTrue(ended.reason(), ended.reason().startsWith("guard p95_latency failed"));
        VersionEvent last = lastEvent(gateway, "slow");
        assertEquals(VersionEvent.Kind.ROLLED_BACK, last.kind());
        assertEquals("1.1.0", last.version());
        assertTrue(last.reason(), last.reason().contains("p95_latency"));
        assertEquals("1.0.0", gateway.inference().infer("slow", MiniLm.request()).version());
        assertTrue(gateway.registry().challenger("slow").isEmpty());
    }

    @Test
    public void aDisagreeingShadowIsRolledBackAndNeverChangesACallersAnswer() throws Exception {
        Gateway gateway = gatewayWith("shadowed");
        float[] championAnswer = firstOutput(gateway.inference().infer("shadowed", MiniLm.request()));
        TrafficManager traffic = gateway.service(TrafficManager.class);
        traffic.start("shadowed", new TrafficPolicy("1.1.0", TrafficPolicy.Mode.SHADOW, 100, false,
                List.of(new Guard(Guard.Metric.AGREEMENT, 0.99, 30)), DECIDED_WITHIN));
        float[] challengerAnswer = firstOutput(gateway.inference().infer("shadowed", "1.1.0", MiniLm.request()));
        assertTrue("the premise: int8's first output differs from fp32's by more than 1e-3 ("
                + championAnswer[0] + " vs " + challengerAnswer[0] + ")",
                Math.abs(championAnswer[0] - challengerAnswer[0]) > 1e-3);

        Load load = new Load(gateway, "shadowed", 2, championAnswer).start();
        TrafficStatus ended = awaitEnd(traffic, "shadowed");
        load.stop();

        assertEquals("failed requests: " + load.failures, 0, load.failures.size());
        assertEquals("answers that were not the champion's", 0, load.foreignAnswers.get());
        assertTrue("requests were compared", load.count.get() > 0);
        assertEquals(ended.reason(), TrafficStatus.State.ROLLED_BACK, ended.state());
        assertTrue(ended.reason(), ended.reason().startsWith("guard agreement failed"));
        assertEquals(VersionEvent.Kind.ROLLED_BACK, lastEvent(gateway, "shadowed").kind());
    }

    @Test
    public void anEqualChallengerIsPromotedAndCommittedUnderLoadWithNoFailedRequest() throws Exception {
        Gateway gateway = gatewayWith("equal");
        TrafficManager traffic = gateway.service(TrafficManager.class);
        traffic.start("equal", new TrafficPolicy("1.1.0", TrafficPolicy.Mode.SPLIT, 50, true,
                List.of(new Guard(Guard.Metric.ERROR_RATE, 0.01, 100), new Guard(Guard.Metric.P95_LATENCY, 3.0, 100)),
                DECIDED_WITHIN));

        Load load = new Load(gateway, "equal", 4, null).start();
        TrafficStatus ended = awaitEnd(traffic, "equal");
        long after = load.count.get();
        Gateway.await("requests after the promotion", () -> load.count.get() > after + 50 ? Boolean.TRUE : null);
        load.stop();

        assertEquals("failed requests: " + load.failures, 0, load.failures.size());
        assertEquals(ended.reason(), TrafficStatus.State.PROMOTED, ended.state());
        assertTrue(ended.reason(), ended.reason().startsWith("every guard passed"));
        assertEquals("1.1.0", gateway.registry().model("equal").orElseThrow().version());
        VersionEvent last = lastEvent(gateway, "equal");
        assertEquals(VersionEvent.Kind.COMMITTED, last.kind());
        assertTrue(last.reason(), last.reason().contains("promoted from challenger after 1.0.0"));
        Path repository = Path.of(System.getProperty(TestModels.REPOSITORY));
        assertEquals("1.1.0", Files.readString(repository.resolve("equal/active")).trim());
        assertEquals("1.1.0", gateway.inference().infer("equal", MiniLm.request()).version());
    }

    private Gateway gatewayWith(String model) {
        Gateway gateway = new Gateway(context);
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), "slow", "shadowed", "equal");
        gateway.awaitModel(model, ModelState.READY);
        return gateway;
    }

    private static TrafficStatus awaitEnd(TrafficManager traffic, String model) {
        return Gateway.await("the traffic policy of " + model + " to end", DECIDED_WITHIN.toMillis() + 30_000, () -> {
            TrafficStatus status = traffic.status(model).orElseThrow();
            return status.state() == TrafficStatus.State.RUNNING ? null : status;
        });
    }

    private static VersionEvent lastEvent(Gateway gateway, String model) {
        List<VersionEvent> history = gateway.registry().history(model);
        return history.get(history.size() - 1);
    }

    private static float[] firstOutput(InferenceResponse response) {
        return response.outputs().get(0).toFloatArray();
    }

    /** Client threads calling a model in a loop; with an expected answer, every answer is compared with it. */
    private static final class Load {
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong count = new AtomicLong();
        final AtomicLong foreignAnswers = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(Gateway gateway, String model, int clients, float[] expected) {
            for (int i = 0; i < clients; i++) {
                int client = i;
                threads.add(new Thread(() -> {
                    while (running.get()) {
                        try {
                            InferenceResponse response = gateway.inference().infer(model,
                                    MiniLm.request().withRouteKey("client-" + client + "-" + count.get()));
                            if (expected != null && (!"1.0.0".equals(response.version())
                                    || !java.util.Arrays.equals(expected, firstOutput(response)))) {
                                foreignAnswers.incrementAndGet();
                            }
                            count.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                }, "itest-client-" + i));
            }
        }

        Load start() {
            threads.forEach(Thread::start);
            return this;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }
    }
}
