package org.modelgate.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.explain.internal.BreastCancerFixture;
import org.modelgate.explain.internal.BreastCancerModel;
import org.modelgate.explain.internal.Configs;
import org.modelgate.explain.internal.ExplainerComponent;
import org.modelgate.explain.internal.LabelledRows;
import org.modelgate.explain.internal.OnnxModelFolder;

/**
 * Feature: mg:explain prints the prediction, confidence, top-k and the attribution table sorted by |attribution|;
 * mg:importance prints permutation importance; both say what is missing. The real explainer over the breast_cancer
 * model run by ONNX Runtime.
 */
class ExplainCommandsTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final ExplainCommands commands = new ExplainCommands(
            () -> new PrintStream(outBytes, true, StandardCharsets.UTF_8),
            () -> new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    private OnnxModelFolder model;
    private ExplainerComponent explainer;

    @AfterEach
    void close() throws Exception {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void explainPrintsPredictionConfidenceTopKAndTheSortedAttributionTable() throws Exception {
        givenTheBreastCancerModel();
        float[] row = leastCertainTestRow();
        String[] args = new String[31];
        args[0] = "breast_cancer";
        for (int i = 0; i < 30; i++) {
            args[i + 1] = Float.toString(row[i]);
        }

        commands.explain(args);

        List<String> lines = outBytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(lines.get(0)).matches("breast_cancer 1\\.0\\.0: (malignant|benign) \\(p=[01]\\.\\d{4}\\)");
        assertThat(lines.get(1)).startsWith("confidence: max ").contains(", margin ").contains(", entropy ");
        assertThat(lines.get(2)).matches("top-2: (malignant|benign) [01]\\.\\d{4}, (malignant|benign) [01]\\.\\d{4}");
        assertThat(lines.get(3)).contains(": occlusion against the reference mean, 33 inferences");
        assertThat(lines.get(4)).matches("p\\((malignant|benign)\\) [01]\\.\\d{4} here, [01]\\.\\d{4} at the baseline");
        assertThat(lines.get(5)).matches("FEATURE +VALUE +ATTRIBUTION");
        List<String> table = lines.subList(6, lines.size());
        assertThat(table).hasSize(30);
        double previous = Double.MAX_VALUE;
        for (String line : table) {
            String[] cells = line.trim().split("\\s{2,}");
            double attribution = Math.abs(Double.parseDouble(cells[cells.length - 1]));
            assertThat(attribution).as(line).isLessThanOrEqualTo(previous);
            previous = attribution;
        }
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void importancePrintsOneLinePerFeature() throws Exception {
        givenTheBreastCancerModel();
        BreastCancerModel.Data test = BreastCancerFixture.model().test();
        List<float[]> rows = Arrays.asList(test.rows()).subList(0, 40);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            labels.add(BreastCancerModel.LABELS.get(test.labels()[i]));
        }
        explainer.labelledRows(m -> new LabelledRows.Window(rows, labels));

        commands.importance("breast_cancer");

        List<String> lines = outBytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("breast_cancer 1.0.0: permutation importance over 40 labelled rows, 2 repeats");
        assertThat(lines.get(1)).matches("FEATURE +IMPORTANCE +STD");
        assertThat(lines).hasSize(32);
    }

    @Test
    void mistakesAndMissingPartsAreOneLineOnStderr() throws Exception {
        commands.explain("breast_cancer", "1", "2");
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEqualTo("mg:explain: explanations need the explain "
                + "feature (bundle org.modelgate.explain), which is not running" + System.lineSeparator());
        errBytes.reset();

        givenTheBreastCancerModel();
        commands.explain("breast_cancer", "1", "x");
        commands.explain("breast_cancer", "1", "2");
        commands.importance("breast_cancer");
        assertThat(errBytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "mg:explain: feature 1 is 'x', not a number",
                "mg:explain: model 'breast_cancer' takes 30 features, got 2",
                "mg:importance: permutation importance reads the rows that got label feedback from the health monitor "
                        + "(bundle org.modelgate.monitor.health), which is not running");
    }

    /** A row the model is least sure of, so that attributions are far from zero. */
    private float[] leastCertainTestRow() throws Exception {
        float[][] rows = BreastCancerFixture.model().test().rows();
        double[][] outputs = model.outputs(rows);
        int best = 0;
        for (int i = 1; i < rows.length; i++) {
            if (Math.abs(outputs[i][0] - 0.5) < Math.abs(outputs[best][0] - 0.5)) {
                best = i;
            }
        }
        return rows[best];
    }

    private void givenTheBreastCancerModel() throws Exception {
        model = new OnnxModelFolder(BreastCancerFixture.folder());
        explainer = new ExplainerComponent(model, model, Configs.explain("occlusion", 256, 2));
        commands.explainer = explainer;
        commands.registry = model;
    }
}
