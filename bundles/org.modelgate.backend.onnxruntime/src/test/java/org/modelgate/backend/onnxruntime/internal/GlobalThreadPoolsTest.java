package org.modelgate.backend.onnxruntime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelgate.accel.onnxruntime.session.OptimizationLevel;
import org.modelgate.api.Tensor;
import org.modelgate.spi.LoadedModel;

/**
 * Feature: with {@code threading=GLOBAL} (the default) every model runs on ONNX Runtime's process-wide
 * thread pools, with the same outputs as on pools of its own, and loading or unloading a model starts or
 * leaves no thread.
 *
 * <p>Runs in a JVM of its own (surefire execution {@code global-thread-pools}): ORT's environment is made
 * once per process, and this class must be the first to make it.
 */
class GlobalThreadPoolsTest {
    private static final int CYCLES = 200;
    private static OnnxRuntimeBackend global;

    @TempDir
    Path folder;

    private final OnnxRuntimeBackend perSession = new OnnxRuntimeBackend(
            TestBackends.config(2, 1, OptimizationLevel.ALL, true, Threading.PER_SESSION));
    private final List<LoadedModel> loaded = new ArrayList<>();

    @BeforeAll
    static void givenTheBackendIsTheFirstToStartOnnxRuntime() {
        global = new OnnxRuntimeBackend(TestBackends.config(2, 1, OptimizationLevel.ALL, true, Threading.GLOBAL));
    }

    @AfterEach
    void unload() {
        loaded.forEach(LoadedModel::close);
    }

    @Test
    void theEnvironmentGetsTheConfiguredGlobalPools() {
        assertThat(global.threading().global()).isTrue();
        assertThat(global.threading()).hasToString(
                "ONNX Runtime's global thread pools (intra-op 2 threads, inter-op 1 thread, spinning on)");
        assertThat(perSession.threading().global()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"all-minilm-l6-v2.onnx", "all-minilm-l6-v2-q.onnx"})
    void globalAndPerSessionPoolsGiveBitIdenticalOutputs(String resource) throws Exception {
        Path file = MiniLmParityTest.extract(resource);
        LoadedModel onGlobal = load(global, file, Map.of());
        LoadedModel onItsOwn = load(perSession, file, Map.of());
        List<Tensor> inputs = tokens(2, 48, 11);

        List<Tensor> fromGlobal = onGlobal.run(inputs, Set.of());
        List<Tensor> fromItsOwn = onItsOwn.run(inputs, Set.of());

        assertThat(fromGlobal).hasSameSizeAs(fromItsOwn).isNotEmpty();
        for (int i = 0; i < fromGlobal.size(); i++) {
            assertThat(fromGlobal.get(i).name()).isEqualTo(fromItsOwn.get(i).name());
            assertThat(fromGlobal.get(i).buffer()).as("bytes of output %s", fromGlobal.get(i).name())
                    .isEqualTo(fromItsOwn.get(i).buffer());
        }
        float largest = 0;
        for (float value : fromGlobal.get(0).toFloatArray()) {
            largest = Math.max(largest, Math.abs(value));
        }
        assertThat(largest).as("a real embedding, not zeros").isGreaterThan(0.01f);
    }

    @Test
    void aModelOnGlobalPoolsStartsNoThread() throws Exception {
        assumeTrue(NativeThreads.visible());
        Path file = MiniLmParityTest.extract("all-minilm-l6-v2-q.onnx");

        int started = NativeThreads.runOnThread("mg-global-load", () -> {
            load(global, file, Map.of()).run(tokens(1, 32, 1), Set.of());
            return NativeThreads.named("mg-global-load") - 1; // the loading thread itself
        });

        assertThat(started).isZero();
    }

    @Test
    void aModelWithPoolsOfItsOwnStartsWorkersAndStopsThemOnClose() throws Exception {
        assumeTrue(NativeThreads.visible());
        Path file = MiniLmParityTest.extract("all-minilm-l6-v2-q.onnx");

        int[] workers = NativeThreads.runOnThread("mg-own-load", () -> {
            LoadedModel model = perSession.load(TestBackends.artifact("own", file));
            model.run(tokens(1, 32, 1), Set.of());
            int whileLoaded = NativeThreads.named("mg-own-load") - 1;
            model.close();
            return new int[] {whileLoaded, NativeThreads.named("mg-own-load") - 1};
        });

        assertThat(workers[0]).as("intra-op workers while loaded (2 threads: the caller and one worker)").isEqualTo(1);
        assertThat(workers[1]).as("workers after close").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Threading.class)
    void loadUnloadCyclesLeaveNoThreadBehind(Threading threading) throws Exception {
        assumeTrue(NativeThreads.visible());
        OnnxRuntimeBackend backend = threading == Threading.GLOBAL ? global : perSession;
        Path file = OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L);
        String thread = "mg-cycles-" + threading.ordinal();
        List<Tensor> input = List.of(Tensor.ofFloats("x", new long[] {2}, 1f, 2f));
        int allBefore = NativeThreads.all();

        int[] leftAfterEachCycle = NativeThreads.runOnThread(thread, () -> {
            int[] left = new int[CYCLES];
            for (int i = 0; i < CYCLES; i++) {
                LoadedModel model = backend.load(TestBackends.artifact("cycle", file));
                model.run(input, Set.of());
                model.close();
                left[i] = threadsLeft(thread);
            }
            return left;
        });

        assertThat(leftAfterEachCycle).as("threads left by each of %d load/run/unload cycles", CYCLES).containsOnly(0);
        assertThat(backend.openModelCount()).isZero();
        // the JVM may add a compiler thread meanwhile; ONNX Runtime's are counted exactly above
        assertThat(NativeThreads.all()).isLessThanOrEqualTo(allBefore + 2);
    }

    @Test
    void aModelsThreadOptionsAreIgnoredOnGlobalPools() throws Exception {
        assumeTrue(NativeThreads.visible());
        Path file = OnnxGraphs.identity(folder.resolve("m.onnx"), OnnxGraphs.FLOAT, 2L);
        Map<String, String> options = Map.of("intraOpThreads", "3", "allowSpinning", "false",
                "optimizationLevel", "basic");

        int started = NativeThreads.runOnThread("mg-options", () -> {
            LoadedModel model = load(global, file, options);
            assertThat(model.run(List.of(Tensor.ofFloats("x", new long[] {2}, 3f, 4f)), Set.of()).get(0).toFloatArray())
                    .containsExactly(3f, 4f);
            return NativeThreads.named("mg-options") - 1;
        });

        assertThat(started).as("no pool of 3 threads was made for the model").isZero();
        assertThat(global.threading().ignoredOptions(options, "m")).containsExactly("allowSpinning", "intraOpThreads");
        assertThat(perSession.threading().ignoredOptions(options, "m")).isEmpty();
    }

    @Test
    void aBackendStartedAgainFindsTheGlobalPoolsItMade() {
        OnnxRuntimeBackend again = new OnnxRuntimeBackend(
                TestBackends.config(2, 1, OptimizationLevel.ALL, true, Threading.GLOBAL));
        OnnxRuntimeBackend resized = new OnnxRuntimeBackend(
                TestBackends.config(4, 2, OptimizationLevel.ALL, false, Threading.GLOBAL));

        assertThat(again.threading()).hasToString(global.threading().toString());
        assertThat(resized.threading().global()).isTrue();
        assertThat(resized.threading().toString()).as("the pools as made, until the process restarts")
                .contains("intra-op 2 threads");
    }

    @Test
    void askingOnnxRuntimeFindsTheGlobalPoolsToo() {
        // what a backend refreshed from a new jar does: it cannot know who made the environment, so it asks
        assertThat(RuntimeEnvironment.obtain(Threading.PER_SESSION, new GlobalPools(1, 1, true)).probe()).isTrue();
    }

    private LoadedModel load(OnnxRuntimeBackend backend, Path file, Map<String, String> options) {
        LoadedModel model = backend.load(TestBackends.artifact("m", file, options));
        loaded.add(model);
        return model;
    }

    static List<Tensor> tokens(int batch, int sequence, long seed) {
        Random random = new Random(seed);
        long[] ids = new long[batch * sequence];
        long[] mask = new long[batch * sequence];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % sequence == 0 ? 101 : 1000 + random.nextInt(29000);
            mask[i] = 1;
        }
        long[] shape = {batch, sequence};
        return List.of(Tensor.ofLongs("input_ids", shape, ids), Tensor.ofLongs("attention_mask", shape, mask),
                Tensor.ofLongs("token_type_ids", shape, new long[ids.length]));
    }

    /**
     * ONNX Runtime's workers named after {@code thread}, beside it, once closing has settled: a worker
     * that is still exiting right after close (seen once under heavy load) is not a leak; one that is
     * still there after two seconds is.
     */
    private static int threadsLeft(String thread) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
        int left = NativeThreads.named(thread) - 1;
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
            left = NativeThreads.named(thread) - 1;
        }
        return left;
    }
}
