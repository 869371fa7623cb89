package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ProfileRefusedException;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;

/**
 * Feature: profiling runs a model on real shapes: its golden samples, else the shapes of its live requests, else
 * the shapes model.json declares under "profile"; a model with free dimensions and none of these is refused instead
 * of being timed at size 1; the report says which source it used.
 */
class ProfilingInputsTest {
    private static final String PLAIN = "{\"name\":\"scaler\",\"version\":\"1.0.0\",\"format\":\"affine\",\"file\":\"model.bin\"";
    @TempDir
    Path repository;
    private final RecordingBackend backend = new RecordingBackend();
    private final RegistryHarness gateway = new RegistryHarness();

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void goldenSamples_areWhatCandidatesRunOn() {
        givenModelJson(PLAIN + ",\"golden\":[{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[3,2],"
                + "\"data\":[1,2,3,4,5,6]}],\"outputs\":[{\"name\":\"y\",\"data\":[2,4,6,8,10,12]}]}]}");

        ProfileReport report = whenProfiled();

        assertThat(report.outcome()).contains("inputs: the golden samples of model.json");
        thenEveryRunHadShape(3, 2);
    }

    @Test
    void declaredShapes_areWhatCandidatesRunOn_withValuesInTheirRange() {
        givenModelJson(PLAIN + ",\"profile\":{\"inputs\":{\"x\":{\"shape\":[64,2],\"range\":[10,20]}}}}");

        ProfileReport report = whenProfiled();

        assertThat(report.outcome()).contains("inputs: the shapes model.json declares under \"profile\" (x[64, 2] in [10.0, 20.0])");
        thenEveryRunHadShape(64, 2);
        float[] last = backend.values.get(backend.values.size() - 1);
        for (float v : last) {
            assertThat(v).as("a value drawn from the declared range").isBetween(10f, 20f);
        }
    }

    @Test
    void goldenSamples_comeBeforeDeclaredShapes() {
        givenModelJson(PLAIN + ",\"profile\":{\"inputs\":{\"x\":{\"shape\":[64,2]}}},\"golden\":[{\"inputs\":[{\"name\":\"x\","
                + "\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}],\"outputs\":[{\"name\":\"y\",\"data\":[2,4]}]}]}");

        ProfileReport report = whenProfiled();

        assertThat(report.outcome()).contains("inputs: the golden samples");
        thenEveryRunHadShape(1, 2);
    }

    @Test
    void shapesOfLiveRequests_comeBeforeDeclaredShapes() {
        givenModelJson(PLAIN + ",\"profile\":{\"inputs\":{\"x\":{\"shape\":[64,2]}}}}");
        LiveInputs live = new LiveInputs();
        gateway.registry.setInferenceRecordSink(live);
        gateway.registry.setRecentInputs(live);
        float[] sixteenRows = new float[32];
        for (int i = 0; i < sixteenRows.length; i++) {
            sixteenRows[i] = 3 + i / 32f;
        }
        gateway.infer("scaler", sixteenRows); // x [16, 2], values from 3 to 4
        backend.shapes.clear();

        ProfileReport report = whenProfiled();

        assertThat(report.outcome()).contains("inputs: shapes and value ranges of live requests (x[16, 2] in [3.0, 3.96875])");
        thenEveryRunHadShape(16, 2);
    }

    @Test
    void aModelWithFreeDimensionsAndNothingToSayTheirSize_isRefused() {
        givenModelJson(PLAIN + "}");

        assertThatThrownBy(this::whenProfiled).isInstanceOf(ProfileRefusedException.class)
                .hasMessageContaining("free dimensions (x[?, 2])")
                .hasMessageContaining("\"profile\": {\"inputs\": {\"x\": {\"shape\"");
        assertThat(Files.exists(repository.resolve("scaler").resolve(PlanFile.FILE_NAME))).as("no plan stored").isFalse();
        assertThat(backend.shapes).as("nothing was timed").allSatisfy(shape -> assertThat(shape).isNotEqualTo(new long[] {1, 2}));
        assertThat(gateway.registry.model("scaler").orElseThrow().isReady()).as("the model serves on").isTrue();
    }

    @Test
    void aDeclaredShapeThatDoesNotFitTheModel_isRefusedSayingSo() {
        givenModelJson(PLAIN + ",\"profile\":{\"inputs\":{\"x\":{\"shape\":[64,3]}}}}");

        assertThatThrownBy(this::whenProfiled).isInstanceOf(ProfileRefusedException.class)
                .hasMessageContaining("give input 'x' the shape [64, 3], which does not fit the model's [?, 2]");
    }

    @Test
    void aMalformedProfileDeclaration_isRefusedSayingWhatToWrite() {
        givenModelJson(PLAIN + ",\"profile\":{\"inputs\":{\"x\":{\"shape\":[0,2]}}}}");

        assertThatThrownBy(this::whenProfiled).isInstanceOf(ProfileRefusedException.class)
                .hasMessageContaining("input 'x' needs \"shape\": a list of sizes above 0");
    }

    /** The record stream's end as the monitor layer keeps it: the inputs of each version's successful requests. */
    private static final class LiveInputs implements org.modelgate.spi.InferenceRecordSink, org.modelgate.spi.RecentInputs {
        private final Map<String, List<org.modelgate.spi.InputShape>> seen = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void offer(org.modelgate.spi.InferenceRecord record) {
            if (record.outcome() == org.modelgate.spi.InferenceRecord.Outcome.SUCCESS) {
                seen.put(record.model() + " " + record.version(), record.inputShapes());
            }
        }

        @Override
        public List<org.modelgate.spi.InputShape> of(String model, String version) {
            return seen.getOrDefault(model + " " + version, List.of());
        }
    }

    private void givenModelJson(String json) {
        new ModelRepositoryFixture(repository).model("scaler", "1.0.0", json, "model.bin", "scale=2");
        gateway.registry.addBackend(backend, Map.of("service.id", 1L));
        gateway.start(repository, true);
        gateway.awaitModel("scaler", ModelInfo::isReady);
        backend.shapes.clear();
        backend.values.clear();
    }

    private ProfileReport whenProfiled() {
        return gateway.registry.profile("scaler", new ProfileRequest(4, List.of(1)), (done, total, step) -> { });
    }

    private void thenEveryRunHadShape(long... shape) {
        assertThat(backend.shapes).isNotEmpty().allSatisfy(s -> assertThat(s).containsExactly(shape));
    }
}
