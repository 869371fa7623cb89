package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.Tensor;
import org.modelgate.spi.InferenceRecord;
import org.modelgate.spi.InferenceRecordSink;

/** The core's hook of the record stream: one record per inference while a sink is bound, none without. */
class InferenceRecordsTest {
    @TempDir
    Path repository;
    private final AffineBackend backend = new AffineBackend();
    private final List<InferenceRecord> records = new CopyOnWriteArrayList<>();
    private final InferenceRecordSink sink = records::add;
    private RegistryHarness gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void aServedRequestIsRecordedWithItsVersionBackendAndInputs() {
        givenTheGatewayServes("scaler", "1.2.0");
        givenARecordStream();
        gateway.registry.infer("scaler", new InferenceRequest("req-7",
                List.of(Tensor.ofFloats("x", new long[] { 1, 2 }, 1.5f, Float.NaN)), java.util.Set.of()));

        assertThat(records).hasSize(1);
        InferenceRecord record = records.get(0);
        assertThat(record.model()).isEqualTo("scaler");
        assertThat(record.version()).isEqualTo("1.2.0");
        assertThat(record.backend()).isEqualTo(gateway.registry.model("scaler").orElseThrow().backend());
        assertThat(record.requestId()).isEqualTo("req-7");
        assertThat(record.outcome()).isEqualTo(InferenceRecord.Outcome.SUCCESS);
        assertThat(record.inputValues()).containsExactly(1.5f, Float.NaN);
        assertThat(record.latencyNanos()).isPositive().isGreaterThanOrEqualTo(record.computeNanos());
        assertThat(record.computeNanos()).isPositive();
        assertThat(record.topClass()).as("labels a, b: the top of y = [3, NaN]").isZero();
        assertThat(record.topScore()).isEqualTo(3f);
    }

    @Test
    void aRejectedRequestIsRecordedAsRejected() {
        givenTheGatewayServes("scaler", "1.0.0");
        givenARecordStream();
        assertThatThrownBy(() -> gateway.registry.infer("scaler", InferenceRequest.of(
                Tensor.ofFloats("wrong", new long[] { 1, 2 }, 1f, 2f)))).isInstanceOf(ModelgateException.class);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(InferenceRecord.Outcome.REJECTED);
            assertThat(r.computeNanos()).as("the model never ran").isZero();
        });
    }

    @Test
    void nothingIsRecordedOnceTheStreamIsGone() {
        givenTheGatewayServes("scaler", "1.0.0");
        givenARecordStream();
        gateway.infer("scaler", 1f, 2f);
        gateway.registry.unsetInferenceRecordSink(sink);
        gateway.infer("scaler", 1f, 2f);

        assertThat(records).hasSize(1);
    }

    @Test
    void aRequestWithoutAnIdGetsOneInItsResponseAndItsRecord() {
        givenTheGatewayServes("scaler", "1.0.0");
        givenARecordStream();
        InferenceRequest anonymous = InferenceRequest.of(Tensor.ofFloats("x", new long[] { 1, 2 }, 1f, 2f));

        String first = gateway.registry.infer("scaler", anonymous).id();
        String second = gateway.registry.infer("scaler", anonymous).id();

        assertThat(first).isNotBlank().isNotEqualTo(second);
        assertThat(records).extracting(InferenceRecord::requestId).containsExactly(first, second);
    }

    @Test
    void extensionsReadAVersionsModelJson() {
        givenTheGatewayServes("scaler", "1.0.0");

        assertThat(gateway.registry.modelJson("scaler", "1.0.0")).hasValueSatisfying(json -> assertThat(json)
                .containsEntry("name", "scaler").containsEntry("version", "1.0.0"));
        assertThat(gateway.registry.modelJson("scaler", "9.9.9")).as("no such version").isEmpty();
        assertThat(gateway.registry.modelJson("..", "1.0.0")).as("not a model name").isEmpty();
        assertThat(gateway.registry.modelJson("scaler", "../1.0.0")).as("not a version").isEmpty();
    }

    private void givenTheGatewayServes(String name, String version) {
        new ModelRepositoryFixture(repository).affineModel(name, version, 2f);
        gateway = new RegistryHarness();
        gateway.bind(backend);
        gateway.start(repository, true);
        gateway.awaitModel(name, m -> m.state() != ModelState.LOADING);
    }

    private void givenARecordStream() {
        gateway.registry.setInferenceRecordSink(sink);
    }
}
