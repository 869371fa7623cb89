package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;

/** Requests that do not fit the model are refused with a message naming what was expected. */
class RequestValidationTest {
    @TempDir
    Path repository;
    private RegistryHarness gateway;

    @BeforeEach
    void givenAServingModel() {
        ModelRepositoryFixture models = new ModelRepositoryFixture(repository);
        models.affineModel("scaler", "1.0.0", 2f);
        models.affineModel("idle", "1.0.0", 2f);
        gateway = new RegistryHarness();
        gateway.bind(new AffineBackend());
        gateway.start(repository, false);
        gateway.registry.load("scaler");
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void wrongTypeAndShapeAreNamed() {
        assertRefused(Tensor.ofLongs("x", new long[] { 1, 3 }, 1, 2, 3), "input 'x' expects FP32[-1,2], got INT64[1,3]");
        assertRefused(Tensor.ofFloats("x", new long[] { 4 }, 1, 2, 3, 4), "input 'x' expects FP32[-1,2], got FP32[4]");
    }

    @Test
    void unknownAndMissingInputsAreNamed() {
        assertRefused(Tensor.ofFloats("z", new long[] { 1, 2 }, 1, 2), "model 'scaler' has no input 'z'; its inputs are x: FP32[-1,2]");
        assertThatThrownBy(() -> gateway.registry.infer("scaler", new InferenceRequest(null, List.of(), Set.of())))
                .isInstanceOf(InvalidInputException.class).hasMessage("model 'scaler' is missing input x: FP32[-1,2]");
    }

    @Test
    void unknownOutputIsNamed() {
        InferenceRequest request = new InferenceRequest("r1", List.of(Tensor.ofFloats("x", new long[] { 1, 2 }, 1, 2)), Set.of("q"));
        assertThatThrownBy(() -> gateway.registry.infer("scaler", request)).isInstanceOf(InvalidInputException.class)
                .hasMessage("model 'scaler' has no output 'q'; its outputs are y");
    }

    @Test
    void unknownAndUnloadedModelsAreTold() {
        assertThatThrownBy(() -> gateway.infer("nope", 1f, 2f)).isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("no model 'nope'").hasMessageContaining("[idle, scaler]");
        assertThatThrownBy(() -> gateway.infer("idle", 1f, 2f)).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("not loaded").hasMessageContaining("mg:load idle");
    }

    @Test
    void servingGoesOnAfterBadRequests() {
        assertThatThrownBy(() -> gateway.infer("scaler", 1f, 2f, 3f, 4f, 5f, 6f, 7f)).isInstanceOf(InvalidInputException.class);
        assertThat(gateway.infer("scaler", 1f, 2f).output("y").toFloatArray()).containsExactly(2f, 4f);
        ModelInfo info = gateway.registry.model("scaler").orElseThrow();
        assertThat(info.isReady()).isTrue();
        assertThat(info.labels()).containsExactly("a", "b");
    }

    private void assertRefused(Tensor input, String message) {
        assertThatThrownBy(() -> gateway.registry.infer("scaler", InferenceRequest.of(input)))
                .isInstanceOf(InvalidInputException.class).hasMessage(message);
    }
}
