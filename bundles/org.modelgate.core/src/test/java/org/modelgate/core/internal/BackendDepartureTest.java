package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

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

        gateway.registry.removeBackend(backend);
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
