package org.modelgate.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.Tensor;
import org.modelgate.json.StrictJson;
import org.modelgate.monitor.drift.JsonText;
import org.modelgate.monitor.drift.LabelledData;
import org.modelgate.monitor.drift.ReferenceProfile;
import org.modelgate.monitor.drift.TensorProfile;
import org.modelgate.monitor.health.Feedback;
import org.modelgate.monitor.health.ModelHealth;
import org.modelgate.monitor.health.internal.HealthMonitor;
import org.modelgate.spi.InferenceRecord;
import org.modelgate.traffic.Guard;
import org.modelgate.traffic.GuardReading;
import org.modelgate.traffic.TrafficPolicy;
import org.modelgate.traffic.TrafficStatus;

/**
 * The drift and accuracy guards decide from the real health monitor's window of each version: a challenger whose own
 * inputs drifted is rolled back, one whose inputs are training-like passes though the champion's drifted; a challenger
 * less accurate than the champion over the feedback to each one's own answers is rolled back, a better one promoted.
 * Every record reaches both monitors, as the record stream hands it to each.
 */
class HealthGuardsTest {
    private static final List<String> LABELS = List.of("setosa", "versicolor", "virginica");
    private static final List<String> FEATURES = List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm");

    private final RecordingRegistry registry = new RecordingRegistry();
    /** Starts at the wall clock: the health monitor, made as DS makes it, times feedback with the system clock. */
    private final GuardDecisionsTest.ManualClock clock = new GuardDecisionsTest.ManualClock(Instant.now());
    private ModelHealth health;
    private TrafficDirector director;
    private LabelledData live;
    private int ids;

    @BeforeEach
    void givenTheHealthMonitorAndIrisWithAReference() throws Exception {
        List<LabelledData> split = LabelledData.load("iris.csv").shuffledSplit(0.7, 7);
        live = split.get(1);
        for (String version : List.of("1.0.0", "1.1.0")) {
            registry.modelJsons.put("iris " + version, modelJson(split.get(0), live.rows().size()));
        }
        health = healthMonitor(registry);
        HealthGuardSource source = new HealthGuardSource(health);
        director = new TrafficDirector(registry, () -> source, new TrafficNotices(() -> null, () -> null), clock, 4096);
    }

    @Test
    void aShadowChallengerWhoseOwnInputsDriftedIsRolledBackOnDrift() {
        givenPolicy(TrafficPolicy.Mode.SHADOW, new Guard(Guard.Metric.DRIFT, 0.2, 40));

        for (int i = 0; i < live.rows().size(); i++) {
            served("1.0.0", "r" + i, live.rows().get(i), live.labels().get(i));
            served("1.1.0", "r" + i + "#shadow", scaledPetalLength(live.rows().get(i)), live.labels().get(i));
        }
        director.evaluateAll();

        thenEnded(false, "guard drift failed", "drift 0.2500 (at most 0.2, 45/40 samples): FAIL [drifted: petal_length_cm]");
        assertThat(health.report("iris", "1.0.0").orElseThrow().drift().orElseThrow().driftedFeatures())
                .as("the champion's inputs, the same requests unscaled, did not drift").isEmpty();
    }

    @Test
    void aChallengerReadsItsOwnDriftWindowNotTheLastRecordsVersion() {
        givenPolicy(TrafficPolicy.Mode.SPLIT, new Guard(Guard.Metric.DRIFT, 0.2, 40));

        for (int i = 0; i < live.rows().size(); i++) {
            served("1.1.0", "c" + i, live.rows().get(i), live.labels().get(i));
            served("1.0.0", "r" + i, scaledPetalLength(live.rows().get(i)), live.labels().get(i)); // the last record
        }
        director.evaluateAll();

        thenEnded(true, "every guard passed", "drift 0.0000 (at most 0.2, 45/40 samples): PASS");
        assertThat(health.report("iris").orElseThrow().version()).isEqualTo("1.0.0");
        assertThat(health.report("iris", "1.0.0").orElseThrow().drift().orElseThrow().driftedFeatures())
                .containsExactly("petal_length_cm");
    }

    @Test
    void aChallengerLessAccurateOverFeedbackToItsOwnAnswersIsRolledBackOnAccuracy() {
        givenPolicy(TrafficPolicy.Mode.SPLIT, new Guard(Guard.Metric.ACCURACY, -0.05, 20));

        whenAnsweredAndLabelled("1.1.0", 20, 12);
        director.evaluateAll();
        assertThat(registry.ends).as("the champion has no labelled answer to compare with yet").isEmpty();
        assertThat(director.status("iris").orElseThrow().readings()).extracting(GuardReading::verdict)
                .containsExactly(GuardReading.Verdict.WAITING);

        whenAnsweredAndLabelled("1.0.0", 40, 36);
        director.evaluateAll();

        thenEnded(false, "guard accuracy failed", "accuracy -0.3000 (at least -0.05, 20/20 samples): FAIL "
                + "[challenger 0.6000 over 20 labels, champion 0.9000 over 40]");
    }

    @Test
    void aMoreAccurateChallengerIsPromoted() {
        givenPolicy(TrafficPolicy.Mode.SPLIT, new Guard(Guard.Metric.ACCURACY, -0.05, 20));

        whenAnsweredAndLabelled("1.0.0", 40, 36);
        whenAnsweredAndLabelled("1.1.0", 19, 19);
        director.evaluateAll();
        assertThat(registry.ends).as("19 labelled answers of the challenger are fewer than 20").isEmpty();

        whenAnsweredAndLabelled("1.1.0", 1, 1);
        director.evaluateAll();

        thenEnded(true, "every guard passed", "accuracy 0.1000 (at least -0.05, 20/20 samples): PASS");
        assertThat(registry.champion).isEqualTo("1.1.0");
    }

    // ---- given / when / then ----

    private void givenPolicy(TrafficPolicy.Mode mode, Guard guard) {
        TrafficStatus status = director.start("iris", new TrafficPolicy("1.1.0", mode, mode == TrafficPolicy.Mode.SHADOW ? 100 : 50,
                false, List.of(guard), Duration.ofMinutes(30)));
        assertThat(status.state()).isEqualTo(TrafficStatus.State.RUNNING);
    }

    /** {@code answers} requests answered by a version, {@code right} of them right by the feedback sent for each. */
    private void whenAnsweredAndLabelled(String version, int answers, int right) {
        for (int i = 0; i < answers; i++) {
            String id = "q" + ++ids;
            served(version, id, live.rows().get(0), i < right ? 0 : 1);
            assertThat(health.feedback("iris", id, Feedback.ofLabel("setosa")).version()).isEqualTo(version);
        }
    }

    /** One successful classification, recorded to both monitors. */
    private void served(String version, String id, double[] row, int predicted) {
        float[] input = new float[row.length];
        for (int i = 0; i < row.length; i++) {
            input[i] = (float) row[i];
        }
        float[] output = new float[3];
        output[predicted] = 1;
        InferenceRecord record = new InferenceRecord("iris", version, "onnxruntime", null, id, clock.millis(), 1_000_000,
                1_000_000, InferenceRecord.Outcome.SUCCESS, List.of(Tensor.ofFloats("input", new long[] { 1, 4 }, input)),
                List.of(Tensor.ofFloats("output", new long[] { 1, 3 }, output)), 3);
        director.accept(record);
        ((HealthMonitor) health).accept(record);
    }

    private void thenEnded(boolean promoted, String reason, String evidence) {
        assertThat(registry.ends).singleElement().satisfies(end -> {
            assertThat(end.promoted()).isEqualTo(promoted);
            assertThat(end.evidence()).startsWith(reason).contains(evidence);
        });
        assertThat(director.status("iris").orElseThrow().state())
                .isEqualTo(promoted ? TrafficStatus.State.PROMOTED : TrafficStatus.State.ROLLED_BACK);
    }

    private static double[] scaledPetalLength(double[] row) {
        double[] scaled = row.clone();
        scaled[2] *= 1.5;
        return scaled;
    }

    /** A classifier's model.json with a reference from training rows, read back with the gateway's reader. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> modelJson(LabelledData training, int window) throws Exception {
        ReferenceProfile reference = new ReferenceProfile(training.rows().size(),
                Map.of("input", TensorProfile.ofRows(FEATURES, training.matrix())),
                Map.of("output", TensorProfile.ofClassifierOutputs(training.classes(), training.oneHot())));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("labels", LABELS);
        json.put("inputs", List.of(Map.of("name", "input", "datatype", "FP32")));
        json.put("reference", reference.toJson());
        json.put("monitor", Map.of("window", (long) window, "minSamples", 30L));
        return (Map<String, Object>) StrictJson.read(JsonText.of(json));
    }

    /**
     * The health monitor component as DS makes it: its configuration an annotation proxy answering the defaults
     * (the configuration type is private to its bundle), evaluations every hour so that none runs during a test.
     */
    private static ModelHealth healthMonitor(ModelRegistry registry) throws Exception {
        Class<?> config = Class.forName("org.modelgate.monitor.health.internal.HealthConfig");
        Object defaults = Proxy.newProxyInstance(config.getClassLoader(), new Class<?>[] { config },
                (proxy, method, args) -> method.getName().equals("evaluationSeconds") ? 3600 : method.getDefaultValue());
        List<Object> arguments = new ArrayList<>(List.of(registry, defaults));
        return (ModelHealth) HealthMonitor.class.getConstructor(ModelRegistry.class, config).newInstance(arguments.toArray());
    }
}
