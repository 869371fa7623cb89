package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelState;

/** Versions of a model: which one serves, switching between them, and what a switch does to running requests. */
class ModelActivationTest {
    @TempDir
    Path repository;
    private ModelRepositoryFixture models;
    private final AffineBackend backend = new AffineBackend();
    private RegistryHarness gateway;

    @AfterEach
    void stop() {
        backend.gate = null;
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void highestVersionServesAfterAutoload() {
        givenModelVersions("scaler", "1.0.0", 2f, "1.1.0", 3f);
        whenTheGatewayStarts();
        thenRequestsAreServedBy("scaler", "1.1.0", 3f);
    }

    @Test
    void activatingAnotherVersionMovesTrafficAndIsRemembered() throws Exception {
        givenModelVersions("scaler", "1.0.0", 2f, "1.1.0", 3f);
        givenCommitted("scaler", "1.0.0");
        whenTheGatewayStarts();
        thenRequestsAreServedBy("scaler", "1.0.0", 2f);

        gateway.registry.activate("scaler", "1.1.0");
        thenRequestsAreServedBy("scaler", "1.1.0", 3f);
        assertThat(backend.loaded.get(0).scale).isEqualTo(2f);
        assertThat(backend.loaded.get(0).closed).as("the replaced 1.0.0 is closed").isTrue();

        gateway.stop();
        whenTheGatewayStarts();
        thenRequestsAreServedBy("scaler", "1.1.0", 3f);
    }

    @Test
    void switchWaitsForRunningRequestsBeforeClosingTheOldVersion() throws Exception {
        givenModelVersions("scaler", "1.0.0", 2f, "1.1.0", 3f);
        givenCommitted("scaler", "1.0.0");
        whenTheGatewayStarts();
        AffineBackend.Model v100 = backend.loaded.get(backend.loaded.size() - 1);
        backend.gate = new CountDownLatch(1);
        CompletableFuture<InferenceResponse> running = CompletableFuture.supplyAsync(() -> gateway.infer("scaler", 1f, 1f));
        assertThat(backend.entered.await(5, TimeUnit.SECONDS)).isTrue();

        CountDownLatch held = backend.gate;
        backend.gate = null;
        gateway.registry.activate("scaler", "1.1.0");
        thenRequestsAreServedBy("scaler", "1.1.0", 3f);
        assertThat(v100.closed).as("1.0.0 stays open while a request runs on it").isFalse();

        held.countDown();
        InferenceResponse finished = running.get(5, TimeUnit.SECONDS);
        assertThat(finished.version()).isEqualTo("1.0.0");
        assertThat(finished.output("y").toFloatArray()).containsExactly(2f, 2f);
        assertThat(v100.closed).as("1.0.0 closes once drained").isTrue();
    }

    @Test
    void failedActivationKeepsTheServingVersion() throws Exception {
        givenModelVersions("scaler", "1.0.0", 2f, "1.1.0", 3f);
        models.model("scaler", "2.0.0", "affine", "garbage");
        Files.writeString(repository.resolve("scaler/active"), "1.1.0\n");
        whenTheGatewayStarts();

        assertThatThrownBy(() -> gateway.registry.activate("scaler", "2.0.0")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not an affine model");
        thenRequestsAreServedBy("scaler", "1.1.0", 3f);
        assertThat(gateway.registry.model("scaler").orElseThrow().state()).isEqualTo(ModelState.READY);
        assertThat(Files.readString(repository.resolve("scaler/active")).trim()).isEqualTo("1.1.0");
    }

    @Test
    void unknownVersionIsNamedWithTheVersionsThereAre() {
        givenModelVersions("scaler", "1.0.0", 2f, "1.1.0", 3f);
        whenTheGatewayStarts();
        assertThatThrownBy(() -> gateway.registry.activate("scaler", "9.9.9")).isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("no version '9.9.9'").hasMessageContaining("[1.0.0, 1.1.0]");
    }

    private void givenModelVersions(String name, String v1, float s1, String v2, float s2) {
        models = new ModelRepositoryFixture(repository);
        models.affineModel(name, v1, s1);
        models.affineModel(name, v2, s2);
    }

    private void givenCommitted(String name, String version) throws Exception {
        Files.writeString(repository.resolve(name).resolve("active"), version + "\n");
    }

    private void whenTheGatewayStarts() {
        gateway = new RegistryHarness();
        gateway.bind(backend);
        gateway.start(repository, true);
        gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
    }

    private void thenRequestsAreServedBy(String model, String version, float scale) {
        InferenceResponse response = gateway.infer(model, 1f, 2f);
        assertThat(response.version()).isEqualTo(version);
        assertThat(response.output("y").toFloatArray()).containsExactly(scale, 2 * scale);
        assertThat(gateway.registry.model(model).orElseThrow().version()).isEqualTo(version);
    }
}
