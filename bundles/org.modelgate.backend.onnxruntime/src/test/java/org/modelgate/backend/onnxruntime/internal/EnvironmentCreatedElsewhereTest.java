package org.modelgate.backend.onnxruntime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modelgate.accel.onnxruntime.session.OptimizationLevel;
import org.modelgate.spi.LoadedModel;

import ai.onnxruntime.OrtEnvironment;

/**
 * Feature: when another user of ai.onnxruntime (a DJL backend, say) created ONNX Runtime's environment
 * first, without global thread pools, a backend configured for them still serves: its sessions get pools
 * of their own, and it says so.
 *
 * <p>Runs in a JVM of its own (surefire execution {@code environment-created-elsewhere}).
 */
class EnvironmentCreatedElsewhereTest {
    @BeforeAll
    static void givenAnotherBundleStartedOnnxRuntimeFirst() {
        OrtEnvironment.getEnvironment(); // what DJL's OrtEngine does
    }

    @Test
    void whenTheBackendAsksForGlobalPools_itsModelsGetPoolsOfTheirOwnAndServe() throws Exception {
        assumeTrue(NativeThreads.visible());
        OnnxRuntimeBackend backend = new OnnxRuntimeBackend(
                TestBackends.config(2, 1, OptimizationLevel.ALL, true, Threading.GLOBAL));
        Path file = MiniLmParityTest.extract("all-minilm-l6-v2-q.onnx");

        int[] workers = NativeThreads.runOnThread("mg-fallback", () -> {
            LoadedModel model = backend.load(TestBackends.artifact("minilm", file));
            float[] embedding = model.run(GlobalThreadPoolsTest.tokens(1, 16, 5), Set.of()).get(0).toFloatArray();
            assertThat(embedding).isNotEmpty();
            int whileLoaded = NativeThreads.named("mg-fallback") - 1;
            model.close();
            return new int[] {whileLoaded, NativeThreads.named("mg-fallback") - 1};
        });

        assertThat(backend.threading().global()).isFalse();
        assertThat(backend.threading().toString()).contains("threading=GLOBAL, but the environment has no global pools");
        assertThat(workers).as("a worker of its own while loaded, none after").containsExactly(1, 0);
    }

    @Test
    void askingOnnxRuntimeFindsNoGlobalPools() {
        assertThat(RuntimeEnvironment.obtain(Threading.GLOBAL, new GlobalPools(2, 1, true)).probe()).isFalse();
    }

    @Test
    void modelOptionsStillApplyWhenGlobalPoolsAreMissing() {
        OnnxRuntimeBackend backend = new OnnxRuntimeBackend(
                TestBackends.config(2, 1, OptimizationLevel.ALL, true, Threading.GLOBAL));

        assertThat(backend.threading().global()).isFalse();
        assertThat(backend.threading().ignoredOptions(Map.of("intraOpThreads", "3"), "m")).isEmpty();
    }
}
