package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;

/**
 * Feature: a backend that hangs in a load costs that model only: after loadTimeoutSeconds the model
 * is FAILED with the reason, the other models keep serving, and what the load returns later is closed.
 */
class HungBackendTest {
    @TempDir
    Path repository;
    private RegistryHarness gateway;
    private final AffineBackend backend = new AffineBackend();

    @AfterEach
    void stop() {
        CountDownLatch gate = backend.loadGate;
        if (gate != null) {
            gate.countDown();
        }
        gateway.stop();
    }

    @Test
    void aLoadThatHangsIsAbandonedAfterTheTimeoutAndTheModelSaysWhy() throws Exception {
        ModelRepositoryFixture models = new ModelRepositoryFixture(repository);
        models.affineModel("fine", "1.0.0", 2f);
        models.affineModel("stuck", "1.0.0", 3f);
        gateway = new RegistryHarness();
        gateway.bind(backend);
        gateway.startWithLoadTimeout(repository, 1);
        gateway.awaitModel("fine", m -> m.state() == ModelState.READY);
        gateway.awaitModel("stuck", m -> m.state() == ModelState.READY);
        gateway.registry.unload("stuck");
        backend.loadGate = new CountDownLatch(1); // every load from now on hangs until the test opens the gate

        long start = System.nanoTime();
        assertThatThrownBy(() -> gateway.registry.load("stuck")).isInstanceOf(ModelLoadException.class)
                .hasMessage("backend 'affine' did not finish loading model 'stuck' 1.0.0 within 1 s (loadTimeoutSeconds of"
                        + " org.modelgate.core.registry); the load was abandoned, try again with mg:load");

        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("given up after the timeout").isLessThan(10);
        ModelInfo stuck = gateway.registry.model("stuck").orElseThrow();
        assertThat(stuck.state()).isEqualTo(ModelState.FAILED);
        assertThat(stuck.reason()).contains("did not finish loading");
        assertThat(gateway.infer("fine", 1, 2).outputs().get(0).toFloatArray()).as("the other model serves").containsExactly(2f, 4f);

        int before = backend.loaded.size();
        backend.loadGate.countDown(); // the hung load ends after all
        AffineBackend.Model late = awaitLoaded(before);
        awaitClosed(late);
        assertThat(gateway.registry.model("stuck").orElseThrow().state()).as("a late result is not served").isEqualTo(ModelState.FAILED);

        backend.loadGate = null;
        assertThat(gateway.registry.load("stuck").isReady()).as("and it loads again when asked").isTrue();
    }

    private AffineBackend.Model awaitLoaded(int before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (backend.loaded.size() <= before) {
            assertThat(System.nanoTime()).as("the hung load returned").isLessThan(deadline);
            Thread.sleep(10);
        }
        return backend.loaded.get(backend.loaded.size() - 1);
    }

    private static void awaitClosed(AffineBackend.Model model) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!model.closed.get()) {
            assertThat(System.nanoTime()).as("the late result was closed").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
