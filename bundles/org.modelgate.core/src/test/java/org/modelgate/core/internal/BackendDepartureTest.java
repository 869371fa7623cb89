package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelUnavailableException;

/** A backend bundle stops and comes back while the gateway runs. */
class BackendDepartureTest {
    @TempDir
    Path repository;
    private final AffineBackend backend = new AffineBackend();
    private RegistryHarness gateway;

    @Test
    void aBackendLeavingDuringALoadLeavesTheModelWaitingNotServingOnIt() throws Exception {
        new ModelRepositoryFixture(repository).affineModel("scaler", "1.0.0", 2f);
        gateway = new RegistryHarness();
        gateway.bind(backend);
        gateway.start(repository, false);
        backend.loadGate = new CountDownLatch(1);
        CompletableFuture<ModelInfo> loading = CompletableFuture.supplyAsync(() -> gateway.registry.load("scaler"));
        assertThat(backend.loadEntered.await(5, TimeUnit.SECONDS)).isTrue();

        FutureTask<Void> departure = new FutureTask<>(gateway::unbindGoneService, null);
        Thread leaving = new Thread(departure, "backend-departure");
        leaving.start();
        // The hand-off, no sleep: the departure has taken the backend out of the catalog (what the load checks
        // when it returns) and then waits for the model's lock, which the load holds: it waits, it does not race.
        awaitUntil("the backend leaves the catalog", () -> gateway.registry.backends().isEmpty());
        awaitUntil("the departure waits for the model's lock", () -> leaving.getState() == Thread.State.WAITING);
        backend.loadGate.countDown();
        departure.get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> loading.get(5, TimeUnit.SECONDS)).hasMessageContaining("went away while loading");

        ModelInfo info = gateway.registry.model("scaler").orElseThrow();
        assertThat(info.state()).isEqualTo(ModelState.UNAVAILABLE);
        assertThat(backend.loaded).singleElement().satisfies(m -> assertThat(m.closed).isTrue());
        assertThatThrownBy(() -> gateway.infer("scaler", 1f, 1f)).isInstanceOf(ModelUnavailableException.class);

        backend.loadGate = null;
        gateway.bind(backend);
        gateway.awaitModel("scaler", ModelInfo::isReady);
        assertThat(gateway.infer("scaler", 1f, 1f).output("y").toFloatArray()).containsExactly(2f, 2f);
    }

    private static void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void modelsWaitForTheirBackendAndServeAgainWhenItReturns() {
        new ModelRepositoryFixture(repository).affineModel("scaler", "1.0.0", 2f);
        gateway = new RegistryHarness().start(repository, true);
        ModelInfo waiting = gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
        assertThat(waiting.state()).isEqualTo(ModelState.UNAVAILABLE);
        assertThat(waiting.reason()).contains("no backend runs format 'affine'");

        gateway.bind(backend);
        assertThat(gateway.registry.model("scaler").orElseThrow().state()).as("settled only once loaded")
                .isIn(ModelState.LOADING, ModelState.READY);
        gateway.awaitModel("scaler", ModelInfo::isReady);
        assertThat(gateway.infer("scaler", 1f, 1f).output("y").toFloatArray()).containsExactly(2f, 2f);

        gateway.unbindGoneService();
        assertThat(backend.loaded.get(0).closed).as("closed before the backend's bundle is gone").isTrue();
        assertThat(gateway.registry.model("scaler").orElseThrow().state()).isEqualTo(ModelState.UNAVAILABLE);
        assertThatThrownBy(() -> gateway.infer("scaler", 1f, 1f)).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("backend 'affine' went away");
        assertThat(gateway.registry.backends()).isEmpty();

        gateway.bind(backend);
        gateway.awaitModel("scaler", ModelInfo::isReady);
        assertThat(gateway.infer("scaler", 1f, 1f).output("y").toFloatArray()).containsExactly(2f, 2f);
        assertThat(gateway.registry.backends()).singleElement()
                .satisfies(b -> assertThat(b.loadedModels()).isEqualTo(1));
    }
}
