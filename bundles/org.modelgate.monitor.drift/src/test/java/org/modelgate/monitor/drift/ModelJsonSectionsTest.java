package org.modelgate.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.modelgate.json.StrictJson;

/** model.json's "reference" and "monitor" sections: written, read back, old layouts, clear refusals. */
class ModelJsonSectionsTest {

    @Test
    void aBuiltReferenceSurvivesTheTripThroughModelJsonText() throws Exception {
        LabelledData iris = LabelledData.load("iris.csv");
        ReferenceProfile built = new ReferenceProfile(iris.rows().size(),
                Map.of("input", TensorProfile.ofRows(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), iris.matrix())),
                Map.of("output", TensorProfile.ofClassifierOutputs(iris.classes(), iris.oneHot())));

        ReferenceProfile read = ReferenceProfile.parse(StrictJson.read(JsonText.of(built.toJson())));

        TensorProfile input = read.inputs().get("input");
        assertThat(read.count()).isEqualTo(150);
        assertThat(input.features()).extracting(FeatureProfile::name).containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
        FeatureProfile petalLength = input.features().get(2);
        assertThat(petalLength.quantiles()).hasSize(FeatureProfile.QUANTILES);
        assertThat(petalLength.min()).isEqualTo(1.0);
        assertThat(petalLength.max()).isEqualTo(6.9);
        assertThat(petalLength.quantiles()[50]).as("the median petal length of Fisher's iris").isEqualTo(4.35);
        assertThat(petalLength.histogram()).isEqualTo(built.inputs().get("input").features().get(2).histogram());
        for (double p : Histogram.proportions(petalLength.histogram().counts())) {
            assertThat(p).as("a decile bin's share").isBetween(0.04, 0.2);
        }
        TensorProfile output = read.outputs().get("output");
        assertThat(output.predictions().labels()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(output.predictions().counts()).containsExactly(50, 50, 50);
        assertThat(output.features().get(0).categories().values()).containsExactly(0, 1);
        assertThat(output.confidence().mean()).isEqualTo(1.0);
    }

    @Test
    void unnamedClassesAreCalledByTheirIndex() {
        TensorProfile output = TensorProfile.ofClassifierOutputs(List.of(), new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.7, 0.3}});
        assertThat(output.predictions().labels()).containsExactly("class_0", "class_1");
        assertThat(output.predictions().counts()).containsExactly(2, 1);
        assertThat(output.confidence().min()).isEqualTo(0.7);
    }

    @Test
    void anOldMomentOnlyReferenceIsReadAndJudgedByItsMeans() throws Exception {
        ReferenceProfile old = ReferenceProfile.parse(StrictJson.read(("{\"count\": 105, \"inputs\": {\"input\": {"
                + "\"mean\": [5.8, 3.0], \"std\": [0.8, 0.4], \"min\": [4.3, 2.0], \"max\": [7.9, 4.4]}}}").getBytes(StandardCharsets.UTF_8)));
        TensorProfile input = old.inputs().get("input");
        assertThat(input.features()).extracting(FeatureProfile::name).containsExactly("f0", "f1");
        assertThat(input.features().get(0).hasDistribution()).isFalse();
        assertThat(input.features().get(0).count()).isEqualTo(105);

        DriftDetector detector = new DriftDetector(input, null, new MonitorSettings(100, 20, DriftMethod.AUTO, DriftThresholds.DEFAULTS));
        for (int i = 0; i < 40; i++) {
            detector.observeInputs(new double[] {5.8 + (i % 5 - 2) * 0.3, 3.0 + 2.0 + (i % 3 - 1) * 0.2});
        }
        DriftReport report = detector.report();
        assertThat(report.features()).allSatisfy(f -> assertThat(f.decidedBy().statistic()).isEqualTo(MeanShiftTest.NAME));
        assertThat(report.driftedFeatures()).containsExactly("f1");
        assertThat(report.features().get(0).psiLevel()).isEqualTo("unknown");
    }

    @Test
    void aMalformedReferenceIsRefusedSayingWhereAndWhat() {
        assertRefused("[]", "reference: must be an object");
        assertRefused("{\"inputs\": {\"x\": {\"mean\": [1, 2], \"std\": [1]}}}",
                "reference.inputs.x.std: has 1 entries, the other statistics of this tensor 2 (one per feature)");
        assertRefused("{\"inputs\": {\"x\": {\"mean\": [1], \"quantiles\": [[3, 2, 1]]}}}",
                "quantiles must not decrease, but quantile 1 (2.0) is below quantile 0 (3.0)");
        assertRefused("{\"inputs\": {\"x\": {\"mean\": [1], \"histogram\": [{\"edges\": [0, 1], \"counts\": [1, 2]}]}}}",
                "reference.inputs.x.histogram[0]: a histogram needs k+1 edges for k counts");
        assertRefused("{\"inputs\": {\"x\": {\"mean\": [\"a\"]}}}", "reference.inputs.x.mean[0]: must be a number, got \"a\"");
        assertRefused("{\"inputs\": {\"x\": {\"median\": [1]}}}", "reference.inputs.x: unknown key 'median'");
        assertRefused("{\"count\": -1}", "reference.count: must be a whole number of rows (0 or more), got -1");
        assertRefused("{\"outputs\": {\"y\": {\"mean\": [0.5], \"predictions\": {\"labels\": [\"a\", \"b\"], \"counts\": [1]}}}}",
                "reference.outputs.y.predictions: class counts need one count per label");
    }

    @Test
    void monitorSettingsTakeWhatTheSectionSaysAndDefaultsForTheRest() throws Exception {
        MonitorSettings settings = MonitorSettings.parse(StrictJson.read(
                "{\"window\": 500, \"method\": \"PSI\", \"thresholds\": {\"psi\": 0.2, \"driftShare\": 0.3}}".getBytes(StandardCharsets.UTF_8)),
                MonitorSettings.DEFAULTS);
        assertThat(settings.window()).isEqualTo(500);
        assertThat(settings.minSamples()).isEqualTo(100);
        assertThat(settings.method()).isEqualTo(DriftMethod.PSI);
        assertThat(settings.thresholds().psi()).isEqualTo(0.2);
        assertThat(settings.thresholds().driftShare()).isEqualTo(0.3);
        assertThat(settings.thresholds().ksPValue()).isEqualTo(0.05);
        assertThat(MonitorSettings.parse(null, MonitorSettings.DEFAULTS)).isEqualTo(MonitorSettings.DEFAULTS);
    }

    @Test
    void malformedMonitorSettingsAreRefusedSayingWhereAndWhat() {
        assertMonitorRefused("{\"window\": 1.5}", "monitor.window: must be a whole number");
        assertMonitorRefused("{\"window\": 10, \"minSamples\": 20}", "monitor: minSamples must be 2 to the window (10), got 20");
        assertMonitorRefused("{\"method\": \"magic\"}", "monitor.method: unknown method 'magic'; use auto, ks, wasserstein, psi or jensenshannon");
        assertMonitorRefused("{\"thresholds\": {\"ksPValue\": 5}}", "monitor.thresholds: ksPValue must be a p-value between 0 and 1, got 5.0");
        assertMonitorRefused("{\"thresholds\": {\"psi\": 0.3, \"psiSignificant\": 0.2}}", "psiSignificant (0.2) must not be below psi (0.3)");
        assertMonitorRefused("{\"windows\": 3}", "monitor: unknown key 'windows'");
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> ReferenceProfile.parse(StrictJson.read(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidSectionException.class).hasMessageContaining(message);
    }

    private static void assertMonitorRefused(String json, String message) {
        assertThatThrownBy(() -> MonitorSettings.parse(StrictJson.read(json.getBytes(StandardCharsets.UTF_8)), MonitorSettings.DEFAULTS))
                .isInstanceOf(InvalidSectionException.class).hasMessageContaining(message);
    }
}
