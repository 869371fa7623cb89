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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.api.VersionEvent;
import org.modelgate.itests.support.CrashModels;
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
 * Feature: a model can never take the gateway down.
 *
 * <p>This test runs Felix inside the test's own JVM: a model that crashed it would end the test run. Integer
 * Div/Mod models (ONNX Runtime raises SIGFPE on a zero divisor) and a test backend that calls System.exit or
 * Runtime.halt are tried in model host processes first, so their trials fail with the reason while MiniLM keeps
 * serving a client with 0 failed requests; a model with {@code "isolation": "process"} whose request crashes its
 * host fails that request only (503 with the reason), and serves again from a restarted host.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModelIsolationIT {
    private static final String OTHER = "minilm";
    private static final int[] ONE_TO_FOUR = {1, 2, 3, 4};
    private static final int[] ZEROS = {0, 0, 0, 0};

    @Inject
    private BundleContext context;

    private Gateway gateway;

    @Configuration
    public Option[] config() {
        Path repository = TestModels.emptyRepository(ModelIsolationIT.class);
        TestModels.addOnnxModel(repository, OTHER, "1.0.0", TestModels.MINILM_INT8);
        // a golden sample with a zero divisor: the trial's host dies of SIGFPE
        CrashModels.addIntegerDivision(repository, "div-golden-zero", "1.0.0", "Div",
                "[" + CrashModels.divisionSample(ONE_TO_FOUR, ZEROS, ZEROS) + "]", null);
        // no golden samples: zeros in the warm-up would divide by zero; the warm-up feeds ones
        CrashModels.addIntegerDivision(repository, "mod-warmup", "1.0.0", "Mod", null, null);
        // served in a host of its own; its golden sample divides by 2
        CrashModels.addIntegerDivision(repository, "div-process", "1.0.0", "Div",
                "[" + CrashModels.divisionSample(new int[] {2, 4, 6, 8}, new int[] {2, 2, 2, 2}, ONE_TO_FOUR) + "]",
                "process");
        CrashModels.addCrashingModel(repository, "exits-in-load", "1.0.0", "exit:3", null, null);
        CrashModels.addCrashingModel(repository, "halts-in-run", "1.0.0", null, "halt:5", null);
        CrashModels.addCrashingModel(repository, "exits-on-zero-process", "1.0.0", null, "exit-on-zero:7", "process");
        return options(
                Platform.felix(ModelIsolationIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.modelgateBundle("org.modelgate.itests.crashing"),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()));
    }

    @Before
    public void givenTheGatewayWithItsModels() {
        gateway = new Gateway(context);
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), OTHER, "div-golden-zero",
                "mod-warmup", "div-process", "exits-in-load", "halts-in-run", "exits-on-zero-process");
        gateway.awaitModel(OTHER, ModelState.READY, 120_000);
    }

    @Test
    public void aGoldenSampleThatDividesByZero_failsItsTrialInTheSandbox() {
        VersionEvent rolledBack = awaitHistory("div-golden-zero", VersionEvent.Kind.ROLLED_BACK);

        assertTrue("the reason says the trial process died of SIGFPE in ONNX Runtime: " + rolledBack.reason(),
                rolledBack.reason().contains("trial process died") && rolledBack.reason().contains("SIGFPE")
                        && rolledBack.reason().contains("libonnxruntime.so"));
        ModelInfo info = gateway.registry().model("div-golden-zero").orElseThrow();
        assertTrue("not serving: " + info, info.state() != ModelState.READY);
        thenTheOtherModelServesWithoutAFailure(() -> gateway.registry().load("div-golden-zero"));
    }

    @Test
    public void aModelThatDividesWithoutGoldenSamples_isWarmedUpOnOnesAndServes() {
        gateway.awaitModel("mod-warmup", ModelState.READY, 120_000);
        VersionEvent trial = history("mod-warmup").stream().filter(e -> e.kind() == VersionEvent.Kind.TRIAL)
                .findFirst().orElseThrow();

        assertTrue("the trial says what it warmed up on: " + trial.reason(),
                trial.reason() != null && trial.reason().contains("ones"));
        Tensor y = gateway.inference().infer("mod-warmup", division(new int[] {7, 8, 9, 10}, new int[] {4, 3, 2, 7}))
                .output("y");
        assertEquals("7 mod 4, 8 mod 3, 9 mod 2, 10 mod 7", List.of(3, 2, 1, 3), ints(y));
        assertEquals("committed", VersionEvent.Kind.COMMITTED, last(history("mod-warmup")).kind());
    }

    @Test
    public void aBackendThatExitsOrHalts_failsItsTrialAndTheGatewayNeverNotices() {
        VersionEvent exited = awaitHistory("exits-in-load", VersionEvent.Kind.ROLLED_BACK);
        VersionEvent halted = awaitHistory("halts-in-run", VersionEvent.Kind.ROLLED_BACK);

        assertTrue("System.exit(3) in load: " + exited.reason(),
                exited.reason().contains("trial process died") && exited.reason().contains("3"));
        assertTrue("Runtime.halt(5) in the warm-up: " + halted.reason(),
                halted.reason().contains("trial process died") && halted.reason().contains("5"));
        thenTheOtherModelServesWithoutAFailure(() -> {
            gateway.registry().load("exits-in-load");
            gateway.registry().load("halts-in-run");
        });
    }

    @Test
    public void aRequestThatCrashesItsHost_failsAloneAndTheModelServesAgain() {
        gateway.awaitModel("div-process", ModelState.READY, 120_000);
        thenDivides("div-process");
        org.modelgate.api.ModelHostInfo first = gateway.registry().model("div-process").orElseThrow().host();
        assertTrue("the model runs in a host process of its own, with its memory read: " + first,
                first != null && first.pid() > 0 && first.pid() != ProcessHandle.current().pid() && first.residentBytes() > 0);

        thenTheOtherModelServesWithoutAFailure(() -> {
            try {
                gateway.inference().infer("div-process", division(ONE_TO_FOUR, ZEROS));
                fail("a request that crashed the model's host must fail");
            } catch (ModelUnavailableException e) {
                assertTrue("503 naming the host's death: " + e.getMessage(),
                        e.getMessage().contains("SIGFPE") && e.getMessage().contains("libonnxruntime.so"));
            }
        });

        Gateway.await("div-process serving again from a new host", 60_000, () -> {
            try {
                thenDivides("div-process");
                return Boolean.TRUE;
            } catch (ModelUnavailableException e) {
                return null;
            }
        });
        ModelInfo info = gateway.registry().model("div-process").orElseThrow();
        assertEquals("still the same version, not quarantined after one death", ModelState.READY, info.state());
        assertTrue("a new host, restarted once, that says why the last one died: " + info.host(),
                info.host().pid() != first.pid() && info.host().restarts() == 1
                        && info.host().lastFailure().contains("SIGFPE"));
    }

    @Test
    public void aBackendThatExitsOnARequest_inItsOwnProcess_failsThatRequestOnly() {
        gateway.awaitModel("exits-on-zero-process", ModelState.READY, 120_000);

        thenTheOtherModelServesWithoutAFailure(() -> {
            try {
                gateway.inference().infer("exits-on-zero-process",
                        InferenceRequest.of(Tensor.ofFloats("x", new long[] {1, 4}, 0f, 1f, 2f, 3f)));
                fail("a request whose host called System.exit must fail");
            } catch (ModelUnavailableException e) {
                assertTrue("names the exit code: " + e.getMessage(), e.getMessage().contains("7"));
            }
        });

        Tensor y = Gateway.await("served again from a new host", 60_000, () -> {
            try {
                return gateway.inference().infer("exits-on-zero-process",
                        InferenceRequest.of(Tensor.ofFloats("x", new long[] {1, 4}, 1f, 2f, 3f, 4f))).output("y");
            } catch (ModelUnavailableException e) {
                return null;
            }
        });
        assertEquals("identity", List.of(1f, 2f, 3f, 4f), floats(y));
    }

    // ---- then ----

    private void thenDivides(String model) {
        Tensor y = gateway.inference().infer(model, division(new int[] {9, 8, 7, 6}, new int[] {3, 2, 7, 3})).output("y");
        assertEquals("9/3, 8/2, 7/7, 6/3", List.of(3, 4, 1, 2), ints(y));
    }

    /** Runs {@code action} while a client sends MiniLM requests; none of them may fail. */
    private void thenTheOtherModelServesWithoutAFailure(Runnable action) {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Thread client = new Thread(() -> {
            while (running.get()) {
                try {
                    gateway.inference().infer(OTHER, MiniLm.request());
                    served.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }, "minilm-client");
        client.start();
        try {
            Gateway.await("the client under way", () -> served.get() > 0 ? Boolean.TRUE : null);
            try {
                action.run();
            } catch (RuntimeException e) {
                // a load of a version that failed its trial throws: what counts is what the client saw
                System.out.println("[it] " + e);
            }
            int before = served.get();
            Gateway.await("more requests after the crash", () -> served.get() > before + 3 ? Boolean.TRUE : null);
        } finally {
            running.set(false);
            try {
                client.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertTrue("failed requests to " + OTHER + ": " + failures, failures.isEmpty());
        System.out.println("[it] " + OTHER + ": " + served.get() + " requests, 0 failed");
    }

    // ---- helpers ----

    private VersionEvent awaitHistory(String model, VersionEvent.Kind kind) {
        return Gateway.await(model + " history with " + kind, 120_000, () -> history(model).stream()
                .filter(matching(kind)).reduce((a, b) -> b).orElse(null), () -> "history " + history(model));
    }

    private static Predicate<VersionEvent> matching(VersionEvent.Kind kind) {
        return event -> event.kind() == kind;
    }

    private List<VersionEvent> history(String model) {
        return gateway.registry().history(model);
    }

    private static VersionEvent last(List<VersionEvent> events) {
        return events.get(events.size() - 1);
    }

    private static InferenceRequest division(int[] a, int[] b) {
        return InferenceRequest.of(Tensor.ofInts("a", new long[] {1, 4}, a), Tensor.ofInts("b", new long[] {1, 4}, b));
    }

    private static List<Integer> ints(Tensor tensor) {
        List<Integer> values = new ArrayList<>();
        for (long v : tensor.toLongArray()) {
            values.add(Math.toIntExact(v));
        }
        return values;
    }

    private static List<Float> floats(Tensor tensor) {
        List<Float> values = new ArrayList<>();
        for (float v : tensor.toFloatArray()) {
            values.add(v);
        }
        return values;
    }
}
