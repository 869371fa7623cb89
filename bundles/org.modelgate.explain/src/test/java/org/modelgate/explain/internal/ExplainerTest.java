package org.modelgate.explain.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.api.DataType;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelState;
import org.modelgate.api.TensorSpec;
import org.modelgate.explain.AttributionMethod;
import org.modelgate.explain.ExplainRefusedException;
import org.modelgate.explain.ExplainRefusedException.Reason;
import org.modelgate.explain.Explanation;
import org.modelgate.explain.FeatureAttribution;
import org.modelgate.explain.Importance;

/**
 * The explainer service over the breast_cancer model run by ONNX Runtime: one prediction explained, importance over
 * given rows, and the refusals a user meets.
 */
class ExplainerTest {
    private OnnxModelFolder model;
    private ExplainerComponent explainer;

    @AfterEach
    void close() throws Exception {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void explainsOnePredictionWithConfidenceTopKAndAttribution() throws Exception {
        givenTheExplainer("occlusion");
        float[] malignant = BreastCancerFixture.model().test().rows()[0];

        Explanation e = explainer.explain("breast_cancer", malignant, 2);

        assertThat(e.version()).isEqualTo("1.0.0");
        assertThat(e.classification().top()).hasSize(2);
        assertThat(e.classification().confidence().max()).isEqualTo(e.classification().predicted().score());
        assertThat(e.attribution().method()).isEqualTo(AttributionMethod.OCCLUSION);
        assertThat(e.attribution().baseline()).isEqualTo("reference mean");
        assertThat(e.attribution().target()).isEqualTo(e.classification().predicted());
        assertThat(e.attribution().features()).extracting(FeatureAttribution::name)
                .containsExactlyElementsOf(BreastCancerModel.FEATURES);
        assertThat(e.attribution().features().get(3).value()).isEqualTo(malignant[3]);
        assertThat(e.attribution().inferences()).as("the row, the baseline, 30 occlusions, the prediction").isEqualTo(33);
        assertThat(model.requests.get()).as("the occlusions ran in one batch").isLessThanOrEqualTo(3);
    }

    @Test
    void kernelShapAttributionsAddUpToTheScoreMinusTheBaselineScore() throws Exception {
        givenTheExplainer("kernelshap");
        Explanation e = explainer.explain("breast_cancer", BreastCancerFixture.model().test().rows()[5], 1);

        double sum = e.attribution().features().stream().mapToDouble(FeatureAttribution::attribution).sum();
        assertThat(sum).isCloseTo(e.attribution().score() - e.attribution().baselineScore(), within(1e-6));
        assertThat(e.attribution().inferences()).isLessThanOrEqualTo(256 + 1);
    }

    @Test
    void importanceOverGivenRowsRanksFeaturesAndCountsItsCost() throws Exception {
        givenTheExplainer("occlusion");
        BreastCancerModel.Data test = BreastCancerFixture.model().test();
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < test.rows().length; i++) {
            rows.add(test.rows()[i]);
            labels.add(BreastCancerModel.LABELS.get(test.labels()[i]));
        }

        Importance importance = explainer.importance("breast_cancer", rows, labels);

        assertThat(importance.rows()).isEqualTo(rows.size());
        assertThat(importance.repeats()).isEqualTo(3);
        assertThat(importance.accuracy()).isGreaterThan(0.93);
        assertThat(importance.features()).hasSize(30);
        assertThat(importance.features().get(0).importance()).isGreaterThan(0)
                .isGreaterThanOrEqualTo(importance.features().get(29).importance());
        assertThat(importance.inferences()).isEqualTo((long) rows.size() * (30 * 3 + 1));
    }

    @Test
    void refusesWhatItCannotExplain() throws Exception {
        givenTheExplainer("occlusion");

        assertRefused(() -> explainer.importance("breast_cancer", List.of(), List.of()), Reason.NO_LABELLED_ROWS, null);
        assertRefused(() -> explainer.importance("breast_cancer"), Reason.NO_HEALTH_MONITOR, null);
        assertRefused(() -> explainer.explain("breast_cancer", new float[] {1, 2}, 1), Reason.BAD_PARAMETER, "features");
        assertRefused(() -> explainer.explain("breast_cancer", BreastCancerFixture.model().test().rows()[0], 3),
                Reason.BAD_PARAMETER, "top_k");
        assertRefused(() -> explainer.importance("breast_cancer", List.of(new float[30]), List.of("healthy")),
                Reason.BAD_PARAMETER, "labels");
        assertThatThrownBy(() -> explainer.explain("nope", new float[30], 1)).isInstanceOf(ModelNotFoundException.class);
        explainer.labelledRows(m -> new LabelledRows.Window(List.of(new float[20]), List.of("benign")));
        assertRefused(() -> explainer.importance("breast_cancer"), Reason.NO_LABELLED_ROWS, null);
        assertThatThrownBy(() -> explainer.importance("breast_cancer")).hasMessageContaining("hold 20 values, the model takes 30");
    }

    @Test
    void aModelThatIsNotTabularIsNamedAsSuch() {
        ModelInfo images = new ModelInfo("digits", "1.0.0", List.of("1.0.0"), "onnx", "onnxruntime", ModelState.READY,
                null, List.of(new TensorSpec("pixels", DataType.FP32, new long[] {1, 1, 28, 28})), List.of(), List.of(), null);

        assertRefused(() -> TabularModel.of(null, images, null, 64), Reason.NOT_TABULAR, "explain");
        assertThatThrownBy(() -> TabularModel.of(null, images, null, 64)).hasMessageContaining("FP32[1,1,28,28]");
    }

    @Test
    void aModelWithoutReferenceHasNoBaseline() {
        assertRefused(() -> Baseline.of("iris", Optional.of(Map.of("name", "iris")), "input", 4), Reason.NO_REFERENCE,
                "explain");
        assertThatThrownBy(() -> Baseline.of("iris", Optional.empty(), "input", 4)).hasMessageContaining("mgpack reference");
    }

    private void givenTheExplainer(String method) throws Exception {
        model = new OnnxModelFolder(BreastCancerFixture.folder());
        explainer = new ExplainerComponent(model, model, Configs.explain(method, 256, 3));
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason,
            String parameter) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ExplainRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.parameter()).isEqualTo(parameter);
        });
    }
}
