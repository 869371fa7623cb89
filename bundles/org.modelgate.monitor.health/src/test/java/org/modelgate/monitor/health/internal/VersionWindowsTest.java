package org.modelgate.monitor.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.drift.LabelledData;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.Feedback;
import org.modelgate.monitor.health.FeedbackRefusedException;
import org.modelgate.monitor.health.HealthReport;

/**
 * A challenger beside its champion keeps a window of its own: drift of its own inputs (shadow copies included),
 * accuracy from the feedback to its own answers, read with {@code report(model, version)}, while
 * {@code report(model)} stays the version of the last answered record.
 */
class VersionWindowsTest {
    private static final long SEED = 7;
    private static final List<String> LABELS = List.of("setosa", "versicolor", "virginica");

    private final HealthFixture gateway = new HealthFixture(HealthSettings.DEFAULTS.withFeedbackWait(Duration.ofMillis(50)));
    private LabelledData live;

    @Test
    void eachVersionOfASplitDriftsOverItsOwnInputs() throws Exception {
        givenIrisChampionAndChallengerWithTheSameReference();

        // split: each request goes to one version; the challenger's share has its petal length scaled
        for (int i = 0; i < live.rows().size(); i++) {
            double[] row = live.rows().get(i).clone();
            gateway.classified("iris", "1.0.0", row, live.labels().get(i), 3, 2);
            double[] drifted = live.rows().get(i).clone();
            drifted[2] *= 1.5;
            gateway.classified("iris", "1.1.0", drifted, live.labels().get(i), 3, 2);
        }

        DriftReport champion = driftOf("1.0.0");
        DriftReport challenger = driftOf("1.1.0");
        assertThat(champion.rows()).isEqualTo(live.rows().size());
        assertThat(challenger.rows()).isEqualTo(live.rows().size());
        assertThat(champion.driftedFeatures()).isEmpty();
        assertThat(challenger.driftedFeatures()).containsExactly("petal_length_cm");
        assertThat(challenger.driftedShare()).isEqualTo(0.25);
        assertThat(gateway.tracker.report("iris").orElseThrow().version()).as("the last answered record's version")
                .isEqualTo("1.1.0");
    }

    @Test
    void feedbackCountsForTheVersionThatAnswered() throws Exception {
        givenIrisChampionAndChallengerWithTheSameReference();
        // the champion answers 4 requests right; the challenger 1 of 4
        for (int i = 0; i < 4; i++) {
            String id = gateway.classified("iris", "1.0.0", new double[] {5.1, 3.5, 1.4, 0.2}, 0, 3, 2);
            gateway.tracker.feedback("iris", id, Feedback.ofLabel("setosa"));
        }
        for (int i = 0; i < 4; i++) {
            String id = gateway.classified("iris", "1.1.0", new double[] {5.1, 3.5, 1.4, 0.2}, i == 0 ? 0 : 1, 3, 2);
            assertThat(gateway.tracker.feedback("iris", id, Feedback.ofLabel("setosa")).version()).isEqualTo("1.1.0");
        }

        thenAccuracy("1.0.0", 4, 1.0);
        thenAccuracy("1.1.0", 4, 0.25);
    }

    @Test
    void aShadowCopyDriftsItsVersionAndIsJudgedByTheFeedbackOfTheCallersAnswer() throws Exception {
        givenIrisChampionAndChallengerWithTheSameReference();
        for (int i = 0; i < live.rows().size(); i++) {
            String id = "r" + i;
            gateway.classified(id, "iris", "1.0.0", live.rows().get(i).clone(), live.labels().get(i), 3, 2);
            double[] drifted = live.rows().get(i).clone();
            drifted[2] *= 1.5;
            // the shadow copy predicts setosa every time: right only for the setosa rows
            gateway.classified(id + "#shadow", "iris", "1.1.0", drifted, 0, 3, 2);
        }
        for (int i = 0; i < 20; i++) {
            gateway.tracker.feedback("iris", "r" + i, Feedback.ofLabel(LABELS.get(live.labels().get(i))));
        }

        assertThat(gateway.tracker.report("iris").orElseThrow().version()).as("a shadow copy answered no caller")
                .isEqualTo("1.0.0");
        assertThat(driftOf("1.1.0").rows()).isEqualTo(live.rows().size());
        assertThat(driftOf("1.1.0").driftedFeatures()).containsExactly("petal_length_cm");
        assertThat(driftOf("1.0.0").driftedFeatures()).isEmpty();
        thenAccuracy("1.0.0", 20, 1.0);
        long setosa = live.labels().subList(0, 20).stream().filter(l -> l == 0).count();
        thenAccuracy("1.1.0", 20, setosa / 20.0);
        assertThatThrownBy(() -> gateway.tracker.feedback("iris", "r30#shadow", Feedback.ofLabel("setosa")))
                .isInstanceOf(FeedbackRefusedException.class)
                .satisfies(e -> assertThat(((FeedbackRefusedException) e).reason()).isEqualTo(FeedbackRefusedException.Reason.UNKNOWN_ID))
                .hasMessageContaining("shadow copy").hasMessageContaining("give the feedback for 'r30'");
    }

    @Test
    void theChampionsAlertIsRaisedAndStaysWhileASplitChallengerAnswersLast() throws Exception {
        givenIrisChampionAndChallengerWithTheSameReference();
        LabelledData setosa = LabelledData.load("iris.csv").ofClass(0);
        for (int i = 0; i < live.rows().size(); i++) {
            gateway.classified("iris", "1.0.0", setosa.rows().get(i), 0, 3, 2); // the champion's inputs drifted
            gateway.classified("iris", "1.1.0", live.rows().get(i), live.labels().get(i), 3, 2);
        }

        List<Alert> transitions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            transitions.addAll(gateway.tracker.evaluate());
            gateway.classified("iris", "1.0.0", setosa.rows().get(i), 0, 3, 2);
            gateway.classified("iris", "1.1.0", live.rows().get(i), live.labels().get(i), 3, 2); // the last record
        }

        assertThat(transitions).extracting(Alert::state).containsOnly(Alert.State.RAISED);
        assertThat(gateway.tracker.alerts()).isNotEmpty().extracting(Alert::version).containsOnly("1.0.0");
        assertThat(gateway.tracker.report("iris", "1.0.0").orElseThrow().alerts()).isNotEmpty();
        assertThat(gateway.tracker.report("iris", "1.1.0").orElseThrow().alerts()).isEmpty();

        // the split ends with the challenger rolled back: only the champion answers
        gateway.classified("iris", "1.0.0", setosa.rows().get(0), 0, 3, 2);
        gateway.tracker.evaluate();
        assertThat(gateway.tracker.alerts()).isNotEmpty().extracting(Alert::version).containsOnly("1.0.0");
    }

    @Test
    void theServingVersionStaysKeptWhileChallengersComeAndGo() throws Exception {
        givenIrisChampionAndChallengerWithTheSameReference();
        gateway.classified("iris", "1.0.0", new double[] {5.1, 3.5, 1.4, 0.2}, 0, 3, 2);
        for (String challenger : List.of("1.1.0", "1.2.0", "1.3.0")) {
            gateway.classified("r-" + challenger + "#shadow", "iris", challenger, new double[] {5.1, 3.5, 1.4, 0.2}, 0, 3, 2);
        }

        assertThat(gateway.tracker.report("iris", "1.0.0")).as("the serving version").isPresent();
        assertThat(gateway.tracker.report("iris", "1.1.0")).as("the least recently recorded other").isEmpty();
        assertThat(gateway.tracker.report("iris", "1.2.0")).isPresent();
        assertThat(gateway.tracker.report("iris", "1.3.0")).isPresent();
        assertThat(gateway.tracker.report("iris", "9.9.9")).isEmpty();
        assertThat(gateway.tracker.report("other", "1.0.0")).isEmpty();
    }

    private void givenIrisChampionAndChallengerWithTheSameReference() throws Exception {
        List<LabelledData> split = LabelledData.load("iris.csv").shuffledSplit(0.7, SEED);
        live = split.get(1);
        for (String version : List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0")) {
            gateway.givenModelJson("iris", version, ModelJsons.classifier(split.get(0), live.rows().size(), 30));
        }
    }

    private DriftReport driftOf(String version) {
        HealthReport report = gateway.tracker.report("iris", version).orElseThrow();
        assertThat(report.version()).isEqualTo(version);
        DriftReport drift = report.drift().orElseThrow();
        assertThat(drift.ready()).isTrue();
        return drift;
    }

    private void thenAccuracy(String version, long labelled, double accuracy) {
        HealthReport report = gateway.tracker.report("iris", version).orElseThrow();
        assertThat(report.accuracy().labelled()).as(version + " labelled").isEqualTo(labelled);
        assertThat(report.accuracy().accuracy()).as(version + " accuracy").isEqualTo(accuracy);
    }
}
