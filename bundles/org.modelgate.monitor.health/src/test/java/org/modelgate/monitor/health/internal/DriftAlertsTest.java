package org.modelgate.monitor.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.drift.LabelledData;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.HealthReport;
import org.osgi.service.event.Event;

/**
 * Drift alerts from real iris rows fed as inference records: the reference is a shuffled 70 % of the data set
 * (in model.json, as mgpack reference writes it), the live traffic the other 30 % as it is, with one feature
 * scaled, or one class only. Alerts need three bad evaluations in a row to raise, three good ones to clear.
 */
class DriftAlertsTest {
    private static final long SEED = 7; // the split monitor.drift's DriftOnRealDataTest checks
    private static final int WINDOW = 45; // the 30 % live rows: a second pass replaces the whole window

    private int window = WINDOW;

    private final HealthFixture gateway = new HealthFixture(HealthSettings.DEFAULTS);
    private LabelledData live;
    private List<Alert> transitions;

    @Test
    void aShuffledTrainingWindowRaisesNothing() throws Exception {
        givenIrisServingWithAReferenceOfSeventyPercent();
        whenTheOtherThirtyPercentIsServed(row -> row);
        whenEvaluated(5);
        thenTheDriftReportIsReadyAndNotDrifted();
        assertThat(gateway.tracker.alerts()).isEmpty();
        assertThat(gateway.tracker.alertLog()).isEmpty();
        assertThat(gateway.events).isEmpty();
    }

    @Test
    void theWholeDataSetSentAsFloat32RaisesNothing() throws Exception {
        // petal width is 0.2 in 29 of 150 rows: a float32 0.2f widened to 0.20000000298 would sit right of every
        // reference 0.2 and make a Kolmogorov-Smirnov gap of the whole tie (D = 0.19, p = 0.015)
        window = 150;
        givenIrisServingWithAReferenceOfSeventyPercent();
        serve(LabelledData.load("iris.csv"), row -> row);
        whenEvaluated(3);
        DriftReport drift = report().drift().orElseThrow();
        assertThat(drift.rows()).isEqualTo(150);
        assertThat(drift.driftedFeatures()).isEmpty();
        assertThat(drift.features()).allSatisfy(f -> assertThat(f.psiLevel()).isEqualTo("stable"));
        assertThat(gateway.tracker.alerts()).isEmpty();
    }

    @Test
    void aScaledFeatureRaisesItsAlertAfterThreeEvaluationsAndClearsAfterRecovery() throws Exception {
        givenIrisServingWithAReferenceOfSeventyPercent();
        whenTheOtherThirtyPercentIsServed(scaled(2, 1.5));
        whenEvaluated(2);
        assertThat(transitions).as("two bad evaluations are not enough").isEmpty();
        whenEvaluated(1);
        thenRaised(Alert.KIND_FEATURE_DRIFT, "petal_length_cm");
        assertThat(gateway.tracker.alerts()).extracting(Alert::subject).containsExactly("petal_length_cm");
        assertThat(report().drift().get().drifted()).as("one feature of four is no data set drift").isFalse();
        thenAnEventWasPosted(Alert.TOPIC_RAISED, "petal_length_cm");
        assertThat(gateway.audited).containsExactly("modelgate alert.raised iris 1.0.0 feature-drift petal_length_cm");

        whenTheOtherThirtyPercentIsServed(row -> row); // the window is training-like again
        whenEvaluated(2);
        assertThat(transitions).as("two good evaluations are not enough").isEmpty();
        assertThat(gateway.tracker.alerts()).hasSize(1);
        whenEvaluated(1);
        assertThat(transitions).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.CLEARED);
            assertThat(a.subject()).isEqualTo("petal_length_cm");
        });
        assertThat(gateway.tracker.alerts()).isEmpty();
        assertThat(gateway.tracker.alertLog()).extracting(Alert::state).containsExactly(Alert.State.RAISED, Alert.State.CLEARED);
        thenAnEventWasPosted(Alert.TOPIC_CLEARED, "petal_length_cm");
        assertThat(gateway.audited).last().isEqualTo("modelgate alert.cleared iris 1.0.0 feature-drift petal_length_cm");
    }

    @Test
    void aWindowOfOneClassRaisesThePetalsAndTheDataSet() throws Exception {
        givenIrisServingWithAReferenceOfSeventyPercent();
        LabelledData setosa = LabelledData.load("iris.csv").ofClass(0);
        serve(setosa, row -> row);
        whenEvaluated(3);
        assertThat(gateway.tracker.alerts()).extracting(Alert::kind, Alert::subject)
                .contains(org.assertj.core.groups.Tuple.tuple(Alert.KIND_DRIFT, "dataset"),
                        org.assertj.core.groups.Tuple.tuple(Alert.KIND_FEATURE_DRIFT, "petal_length_cm"),
                        org.assertj.core.groups.Tuple.tuple(Alert.KIND_FEATURE_DRIFT, "petal_width_cm"));
        Alert dataset = gateway.tracker.alerts().stream().filter(a -> a.kind().equals(Alert.KIND_DRIFT)).findFirst().orElseThrow();
        assertThat(dataset.value()).isGreaterThanOrEqualTo(0.5);
        assertThat(dataset.threshold()).isEqualTo(0.5);
        assertThat(dataset.evidence()).contains("petal_length_cm", "petal_width_cm");
        DriftReport drift = report().drift().orElseThrow();
        assertThat(drift.drifted()).isTrue();
        assertThat(drift.predictions()).hasValueSatisfying(p -> assertThat(p.drifted()).isTrue());
    }

    @Test
    void aModelWithoutReferenceSaysHowToAddOne() throws Exception {
        gateway.givenModelJson("iris", "1.0.0", ModelJsons.classifierWithoutReference(List.of("setosa", "versicolor", "virginica")));
        gateway.classified("iris", "1.0.0", new double[] {5.1, 3.5, 1.4, 0.2}, 0, 3, 2);
        HealthReport report = report();
        assertThat(report.drift()).isEmpty();
        assertThat(report.driftUnavailable()).isEqualTo("model.json has no reference; mgpack reference adds one");
        assertThat(report.features()).containsExactly("f0", "f1", "f2", "f3");
    }

    @Test
    void nonFiniteInputsAreCountedAndLeftOutOfTheDrift() throws Exception {
        givenIrisServingWithAReferenceOfSeventyPercent();
        whenTheOtherThirtyPercentIsServed(row -> row);
        gateway.classified("iris", "1.0.0", new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1.4, Double.NaN}, 0, 3, 2);
        whenEvaluated(3);
        HealthReport report = report();
        assertThat(report.nonFiniteInputs()).isEqualTo(3);
        assertThat(report.drift().get().features().get(0).nonFinite()).isEqualTo(1);
        assertThat(report.drift().get().drifted()).isFalse();
        assertThat(gateway.tracker.alerts()).isEmpty();
    }

    private void givenIrisServingWithAReferenceOfSeventyPercent() throws Exception {
        List<LabelledData> split = LabelledData.load("iris.csv").shuffledSplit(0.7, SEED);
        live = split.get(1);
        gateway.givenModelJson("iris", "1.0.0", ModelJsons.classifier(split.get(0), window, 30));
    }

    private void whenTheOtherThirtyPercentIsServed(UnaryOperator<double[]> change) {
        serve(live, change);
    }

    private void serve(LabelledData data, UnaryOperator<double[]> change) {
        for (int i = 0; i < data.rows().size(); i++) {
            gateway.classified("iris", "1.0.0", change.apply(data.rows().get(i).clone()), data.labels().get(i), 3, 2);
        }
    }

    private static UnaryOperator<double[]> scaled(int feature, double factor) {
        return row -> {
            row[feature] *= factor;
            return row;
        };
    }

    private void whenEvaluated(int times) {
        transitions = new java.util.ArrayList<>();
        for (int i = 0; i < times; i++) {
            transitions.addAll(gateway.tracker.evaluate());
        }
    }

    private HealthReport report() {
        return gateway.tracker.report("iris").orElseThrow();
    }

    private void thenTheDriftReportIsReadyAndNotDrifted() {
        DriftReport drift = report().drift().orElseThrow();
        assertThat(drift.ready()).isTrue();
        assertThat(drift.rows()).isEqualTo(WINDOW);
        assertThat(drift.drifted()).isFalse();
        assertThat(drift.driftedFeatures()).isEmpty();
    }

    private void thenRaised(String kind, String subject) {
        assertThat(transitions).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.RAISED);
            assertThat(a.kind()).isEqualTo(kind);
            assertThat(a.subject()).isEqualTo(subject);
            assertThat(a.model()).isEqualTo("iris");
            assertThat(a.version()).isEqualTo("1.0.0");
            assertThat(a.statistic()).isEqualTo("ks_p_value"); // a small reference: Kolmogorov-Smirnov
            assertThat(a.value()).isLessThan(a.threshold());
            assertThat(a.threshold()).isEqualTo(0.05);
            assertThat(a.evidence()).contains("ks p-value", "over 45 values");
        });
    }

    private void thenAnEventWasPosted(String topic, String subject) {
        Event event = gateway.events.get(gateway.events.size() - 1);
        assertThat(event.getTopic()).isEqualTo(topic);
        assertThat(event.getProperty("model")).isEqualTo("iris");
        assertThat(event.getProperty("version")).isEqualTo("1.0.0");
        assertThat(event.getProperty("kind")).isEqualTo(Alert.KIND_FEATURE_DRIFT);
        assertThat(event.getProperty("subject")).isEqualTo(subject);
        assertThat(event.getProperty("statistic")).isEqualTo("ks_p_value");
        assertThat(event.getProperty("threshold")).isEqualTo(0.05);
        assertThat(event.getProperty("value")).isInstanceOf(Double.class);
        assertThat((String) event.getProperty("evidence")).contains("ks p-value");
    }
}
