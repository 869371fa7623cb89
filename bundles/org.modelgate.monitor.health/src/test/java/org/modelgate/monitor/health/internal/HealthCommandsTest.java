package org.modelgate.monitor.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.modelgate.monitor.drift.LabelledData;

/**
 * Feature: the console commands over a real health tracker fed iris records: mg:health, mg:drift, mg:alerts,
 * mg:feedback, and their one-line refusals.
 */
class HealthCommandsTest {
    private final HealthFixture gateway = new HealthFixture(HealthSettings.DEFAULTS.withFeedbackWait(java.time.Duration.ofMillis(50)));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private HealthCommands commands;
    private LabelledData setosa;

    @BeforeEach
    void givenIrisServedSetosaOnly() throws Exception {
        List<LabelledData> split = LabelledData.load("iris.csv").shuffledSplit(0.7, 7);
        gateway.givenModelJson("iris", "1.0.0", ModelJsons.classifier(split.get(0), 50, 30));
        setosa = LabelledData.load("iris.csv").ofClass(0);
        for (double[] row : setosa.rows()) {
            gateway.classified("iris", "1.0.0", row, 0, 3, 2);
        }
        commands = new HealthCommands(gateway.tracker, () -> new PrintStream(out, true, StandardCharsets.UTF_8),
                () -> new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void healthShowsOneLinePerModel() {
        commands.health();
        assertThat(lines(out)).hasSize(2);
        assertThat(lines(out).get(0)).startsWith("MODEL").contains("P95 MS", "REQ/S", "DRIFT", "ACCURACY", "ALERTS");
        assertThat(lines(out).get(1)).startsWith("iris").contains("1.0.0", "2.000", "DRIFTED");
    }

    @Test
    void driftShowsEachFeature() {
        commands.drift("iris");
        assertThat(text(out)).contains("iris 1.0.0: DRIFTED").contains("FEATURE").contains("petal_length_cm")
                .contains("ks p");
        assertThat(lines(out).stream().filter(l -> l.startsWith("petal_width_cm")).findFirst().orElseThrow()).endsWith("yes");
        commands.drift("digits");
        assertThat(text(err)).contains("mg:drift: model 'digits' has served no request since the gateway started");
    }

    @Test
    void driftOfAVersionShowsThatVersionsWindow() throws Exception {
        List<LabelledData> split = LabelledData.load("iris.csv").shuffledSplit(0.7, 7);
        gateway.givenModelJson("iris", "1.1.0", ModelJsons.classifier(split.get(0), 45, 30));
        for (double[] row : split.get(1).rows()) {
            gateway.classified("r#shadow", "iris", "1.1.0", row, 0, 3, 2);
        }

        commands.drift("iris", "1.1.0");
        commands.drift("iris", "2.0.0");

        assertThat(text(out)).as("the held-out rows, though the serving 1.0.0 drifted").startsWith("iris 1.1.0: ok 0/4\n").contains("petal_length_cm");
        assertThat(text(err)).isEqualTo("mg:drift: the health monitor keeps no window of iris 2.0.0 (it keeps the serving "
                + "version and the two most recently recorded others)\n");
    }

    @Test
    void alertsShowsRaisedThenTransitions() {
        commands.alerts();
        assertThat(text(out)).startsWith("no alert is raised");
        for (int i = 0; i < 3; i++) {
            gateway.tracker.evaluate();
        }
        out.reset();
        commands.alerts();
        assertThat(text(out)).startsWith("raised:").contains("iris 1.0.0 drift dataset").contains("recent transitions:")
                .contains("RAISED ");
    }

    @Test
    void feedbackJudgesAndRefusesInOneLine() {
        String id = gateway.classified("iris", "1.0.0", setosa.rows().get(0), 0, 3, 2);
        commands.feedback("iris", id, "versicolor");
        assertThat(text(out)).isEqualTo("iris 1.0.0 predicted setosa for " + id + ": wrong\n");
        commands.feedback("iris", "nope", "setosa");
        assertThat(text(err)).isEqualTo("mg:feedback: no prediction has request id 'nope'; give the \"id\" of an inference "
                + "response of model 'iris'\n");
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }

    private static List<String> lines(ByteArrayOutputStream stream) {
        return text(stream).lines().toList();
    }
}
