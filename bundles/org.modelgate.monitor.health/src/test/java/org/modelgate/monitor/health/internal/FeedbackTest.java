package org.modelgate.monitor.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.modelgate.monitor.drift.MonitorSettings;
import org.modelgate.monitor.health.AccuracyWindow;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.Feedback;
import org.modelgate.monitor.health.FeedbackRefusedException.Reason;
import org.modelgate.monitor.health.FeedbackRefusedException;
import org.modelgate.monitor.health.FeedbackResult;
import org.modelgate.monitor.health.LabelledWindow;

/**
 * Ground truth for earlier predictions, by request id: accuracy, per-class recall and MAE on cases worked out
 * by hand, the labelled window, and every refusal with its reason.
 */
class FeedbackTest {
    private static final List<String> IRIS = List.of("setosa", "versicolor", "virginica");
    private static final double[] ROW = {5.1, 3.5, 1.4, 0.2};

    /** Refusals of unknown ids wait this long for a record that never comes. */
    private static final Duration SHORT_WAIT = Duration.ofMillis(50);

    private HealthFixture gateway = new HealthFixture(HealthSettings.DEFAULTS.withFeedbackWait(SHORT_WAIT));

    @Test
    void accuracyAndRecallOfLabelFeedback() throws Exception {
        givenIrisServing();
        // predicted setosa 4x (3 right, 1 was versicolor), versicolor 3x (2 right, 1 was virginica), virginica 1x (right)
        feedback(0, "setosa");
        feedback(0, "setosa");
        feedback(0, "setosa");
        feedback(0, "versicolor");
        feedback(1, "versicolor");
        feedback(1, "versicolor");
        feedback(1, "virginica");
        FeedbackResult last = feedback(2, "virginica");

        assertThat(last.correct()).isTrue();
        assertThat(last.predicted()).isEqualTo("virginica");
        assertThat(last.version()).isEqualTo("1.0.0");
        assertThat(last.error()).isNaN();
        AccuracyWindow accuracy = gateway.tracker.report("iris").orElseThrow().accuracy();
        assertThat(accuracy.labelled()).isEqualTo(8);
        assertThat(accuracy.accuracy()).isEqualTo(6 / 8.0);
        assertThat(accuracy.recall()).containsEntry("setosa", 1.0).containsEntry("versicolor", 2 / 3.0)
                .containsEntry("virginica", 0.5);
        assertThat(accuracy.meanAbsoluteError()).isNaN();
    }

    @Test
    void theLabelledWindowHoldsTheInputRowsAndTheirTruth() throws Exception {
        givenIrisServing();
        feedback(0, "setosa");
        String id = gateway.classified("iris", "1.0.0", new double[] {6.7, 3.0, 5.2, 2.3}, 1, 3, 2);
        gateway.tracker.feedback("iris", id, Feedback.ofLabel("virginica"));

        LabelledWindow window = gateway.tracker.labelled("iris");
        assertThat(window.version()).isEqualTo("1.0.0");
        assertThat(window.features()).containsExactly("f0", "f1", "f2", "f3");
        assertThat(window.rows()).hasSize(2);
        assertThat(window.rows().get(1)).containsExactly(6.7f, 3.0f, 5.2f, 2.3f);
        assertThat(window.labels()).containsExactly("setosa", "virginica");
        assertThat(window.values()).containsOnly(Double.NaN);
        assertThat(gateway.tracker.labelled("unknown").rows()).isEmpty();
    }

    @Test
    void feedbackSentBeforeItsRecordArrivesWaitsForIt() throws Exception {
        gateway = new HealthFixture(HealthSettings.DEFAULTS.withFeedbackWait(Duration.ofSeconds(60)));
        givenIrisServing();
        gateway.classified("iris", "1.0.0", ROW, 0, 3, 2); // the model is known; the next id is req-2
        java.util.concurrent.CompletableFuture<FeedbackResult> early = new java.util.concurrent.CompletableFuture<>();
        Thread client = new Thread(() -> early.complete(gateway.tracker.feedback("iris", "req-2", Feedback.ofLabel("setosa"))));
        client.start();
        while (client.getState() != Thread.State.TIMED_WAITING) { // it waits for the record
            assertThat(client.isAlive()).as("the feedback waits, it is not refused").isTrue();
            Thread.sleep(5);
        }
        String id = gateway.classified("iris", "1.0.0", ROW, 0, 3, 2); // the record stream delivers it now
        assertThat(id).isEqualTo("req-2");
        FeedbackResult result = early.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.correct()).isTrue();
        assertThat(result.requestId()).isEqualTo("req-2");
    }

    @Test
    void meanAbsoluteErrorOfValueFeedback() throws Exception {
        gateway.givenModelJson("houses", "2.0.0", ModelJsons.regression());
        String a = gateway.regressed("houses", "2.0.0", new float[] {1, 2}, 3.0f);
        String b = gateway.regressed("houses", "2.0.0", new float[] {3, 4}, 5.5f);
        FeedbackResult first = gateway.tracker.feedback("houses", a, Feedback.ofValue(3.5));
        gateway.tracker.feedback("houses", b, Feedback.ofValue(4.0));

        assertThat(first.error()).isEqualTo(0.5);
        assertThat(first.predicted()).isEqualTo("3.0");
        assertThat(first.correct()).isFalse();
        AccuracyWindow accuracy = gateway.tracker.report("houses").orElseThrow().accuracy();
        assertThat(accuracy.meanAbsoluteError()).isCloseTo((0.5 + 1.5) / 2, within(1e-6));
        assertThat(accuracy.accuracy()).isNaN();
        assertThat(accuracy.labelled()).isEqualTo(2);
        assertThat(gateway.tracker.labelled("houses").values()).containsExactly(3.5, 4.0);
    }

    @Test
    void refusalsSayWhyAndWhatIsAccepted() throws Exception {
        givenIrisServing();
        String id = gateway.classified("iris", "1.0.0", ROW, 0, 3, 2);

        thenRefused(() -> gateway.tracker.feedback("digits", id, Feedback.ofLabel("setosa")), Reason.UNKNOWN_MODEL, "'digits'");
        thenRefused(() -> gateway.tracker.feedback("iris", "no-such-id", Feedback.ofLabel("setosa")), Reason.UNKNOWN_ID,
                "no-such-id");
        thenRefused(() -> gateway.tracker.feedback("iris", id, Feedback.ofLabel("rose")), Reason.BAD_LABEL,
                "[setosa, versicolor, virginica]");
        thenRefused(() -> gateway.tracker.feedback("iris", id, Feedback.ofValue(1)), Reason.BAD_LABEL, "give a \"label\"");

        gateway.tracker.feedback("iris", id, Feedback.ofLabel("setosa"));
        thenRefused(() -> gateway.tracker.feedback("iris", id, Feedback.ofLabel("setosa")), Reason.EXPIRED_ID,
                "already has its feedback");
        assertThat(gateway.tracker.report("iris").orElseThrow().accuracy().labelled()).as("refusals count nothing").isEqualTo(1);

        gateway.givenModelJson("houses", "2.0.0", ModelJsons.regression());
        String house = gateway.regressed("houses", "2.0.0", new float[] {1}, 3f);
        thenRefused(() -> gateway.tracker.feedback("houses", house, Feedback.ofLabel("big")), Reason.BAD_LABEL,
                "give a \"value\"");
        thenRefused(() -> gateway.tracker.feedback("houses", house, Feedback.ofValue(Double.NaN)), Reason.BAD_LABEL,
                "finite number");
        thenRefused(() -> gateway.tracker.feedback("iris", house, Feedback.ofLabel("setosa")), Reason.UNKNOWN_ID,
                "model 'houses'");
    }

    @Test
    void predictionsExpireAfterTheirTimeToLive() throws Exception {
        givenIrisServing();
        String old = gateway.classified("iris", "1.0.0", ROW, 0, 3, 2);
        gateway.clock.advance(Duration.ofMinutes(61));
        String fresh = gateway.classified("iris", "1.0.0", ROW, 0, 3, 2);

        thenRefused(() -> gateway.tracker.feedback("iris", old, Feedback.ofLabel("setosa")), Reason.EXPIRED_ID,
                "waits 60 minutes");
        assertThat(gateway.tracker.feedback("iris", fresh, Feedback.ofLabel("setosa")).correct()).isTrue();
    }

    @Test
    void theOldestPredictionsAreEvictedBeyondTheCapacity() throws Exception {
        gateway = new HealthFixture(settings(3, 50));
        givenIrisServing();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(gateway.classified("iris", "1.0.0", ROW, 0, 3, 2));
        }
        thenRefused(() -> gateway.tracker.feedback("iris", ids.get(0), Feedback.ofLabel("setosa")), Reason.EXPIRED_ID,
                "newest 3 predictions");
        assertThat(gateway.tracker.feedback("iris", ids.get(1), Feedback.ofLabel("setosa")).correct()).isTrue();
    }

    @Test
    void accuracyBelowTheFloorRaisesAnAlertOnceEnoughIsLabelled() throws Exception {
        gateway = new HealthFixture(settings(1000, 10));
        givenIrisServing();
        for (int i = 0; i < 9; i++) {
            feedback(0, i < 6 ? "versicolor" : "setosa"); // 3 of 9 right
        }
        assertThat(evaluate(3)).as("9 labelled of the 10 needed: not judged").isEmpty();
        feedback(0, "setosa"); // 4 of 10
        List<Alert> raised = evaluate(3);
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.KIND_ACCURACY);
            assertThat(a.subject()).isEqualTo("accuracy");
            assertThat(a.value()).isEqualTo(0.4);
            assertThat(a.threshold()).isEqualTo(0.8);
            assertThat(a.evidence()).contains("accuracy 0.400 over the last 10 labelled predictions");
        });
        assertThat(gateway.events).extracting(e -> e.getTopic()).containsExactly(Alert.TOPIC_RAISED);
    }

    private void givenIrisServing() throws Exception {
        gateway.givenModelJson("iris", "1.0.0", ModelJsons.classifierWithoutReference(IRIS));
    }

    private FeedbackResult feedback(int predicted, String truth) {
        String id = gateway.classified("iris", "1.0.0", ROW, predicted, 3, 2);
        return gateway.tracker.feedback("iris", id, Feedback.ofLabel(truth));
    }

    private List<Alert> evaluate(int times) {
        List<Alert> transitions = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            transitions.addAll(gateway.tracker.evaluate());
        }
        return transitions;
    }

    private static void thenRefused(Runnable call, Reason reason, String saying) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(FeedbackRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(saying);
        });
    }

    private static HealthSettings settings(int feedbackCapacity, int accuracyMinLabelled) {
        HealthSettings d = HealthSettings.DEFAULTS;
        return new HealthSettings(MonitorSettings.DEFAULTS, d.latencyWindow(), d.latencyMinSamples(),
                d.latencyRegressionRatio(), feedbackCapacity, d.feedbackTtl(), SHORT_WAIT, d.expiredIdMemory(), d.accuracyWindow(),
                d.accuracyFloor(), accuracyMinLabelled, d.raiseAfter(), d.clearAfter(), d.alertLogSize());
    }
}
