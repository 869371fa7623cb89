package org.modelgate.optimize.distill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.optimize.folder.ModelJson;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.Mgopt;
import org.modelgate.optimize.train.TestData;

/** {@code mgopt distill} on the digits: the student folder, the report, a refusal, and a usage error. */
class DistillCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path teacher;
    private Path data;
    private int status;

    @BeforeEach
    void givenATeacherFolderAndTheDigits() throws Exception {
        teacher = DigitsTeacher.write(dir.resolve("teacher"), 256);
        data = Files.copy(TestData.file("digits.csv.gz"), dir.resolve("digits.csv.gz"));
    }

    @Test
    void theStudentFolderIsWrittenAndTheReportComparesItWithTheTeacher() throws Exception {
        whenRun("--student", "mlp:32", "--out", dir.resolve("student").toString());

        assertThat(status).as(err()).isEqualTo(ExitCode.OK);
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report.lines().toList().get(0)).contains("model", "size", "p50 ms", "p99 ms", "agreement", "accuracy");
        List<String> student = cells(report, 2);
        assertThat(student.get(0) + " " + student.get(1)).isEqualTo("student mlp:32");
        double teacherAccuracy = percent(cells(report, 1).get(cells(report, 1).size() - 1));
        double studentAccuracy = percent(student.get(student.size() - 1));
        double agreement = percent(student.get(student.size() - 2));
        assertThat(studentAccuracy).isGreaterThanOrEqualTo(teacherAccuracy - 2.0);
        assertThat(agreement).isGreaterThan(95.0);
        assertThat(report).contains("measured on 359 reference samples", "student mlp:32 (2410 parameters) trained on 1438 rows, 359 held out; T 4, alpha 0.5");
        assertThat(err()).contains("train mlp:32");
        thenTheFolderHoldsTheStudentWithTheTeachersModelJson(dir.resolve("student"));
    }

    @Test
    void aStudentTooFarBelowTheTeacherIsRefusedAndNothingIsWritten() throws Exception {
        whenRun("--student", "logistic", "--epochs", "1", "--learning_rate", "0.0001", "--out", dir.resolve("weak").toString());

        assertThat(status).isEqualTo(ExitCode.REFUSED);
        assertThat(err()).contains("refused, nothing written: the student's held-out accuracy", "--max_accuracy_drop", "--force");
        assertThat(dir.resolve("weak")).doesNotExist();
    }

    @Test
    void aMissingTeacherIsAUsageError() throws Exception {
        status = Mgopt.run(List.of("distill", "--data", data.toString(), "--out", dir.resolve("x").toString()), print(out), print(err));

        assertThat(status).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("option --teacher is required", "usage: mgopt distill --teacher");
    }

    @Test
    void dataOfTheWrongWidthNamesBothWidths() throws Exception {
        Files.writeString(dir.resolve("narrow.csv"), "a,b,label\n1,2,0\n3,4,1\n", StandardCharsets.UTF_8);

        status = Mgopt.run(List.of("distill", "--teacher", teacher.toString(), "--data", dir.resolve("narrow.csv").toString(),
                "--labels", "label", "--out", dir.resolve("x").toString()), print(out), print(err));

        assertThat(status).isEqualTo(ExitCode.REFUSED);
        assertThat(err()).contains("takes 64 features, the data has 2");
    }

    @Test
    void theDataClassesAreMappedByNameOntoATeacherWhoseLabelsAreInAnotherOrder() throws Exception {
        Path iris = givenAnIrisTeacherWithTribuosLabelOrder(dir.resolve("iris"));

        status = Mgopt.run(List.of("distill", "--teacher", iris.toString(), "--data", TestData.file("iris.csv").toString(),
                "--student", "mlp:8", "--epochs", "150", "--runs", "5", "--warmup", "1", "--force",
                "--out", dir.resolve("iris-student").toString()), print(out), print(err));

        assertThat(status).as(err()).isEqualTo(ExitCode.OK);
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("the data's classes [setosa, versicolor, virginica] were mapped by name onto the"
                + " teacher's label order [virginica, setosa, versicolor]");
        List<String> teacherRow = cells(report, 1);
        List<String> studentRow = cells(report, 2);
        assertThat(percent(teacherRow.get(teacherRow.size() - 1))).isGreaterThan(90.0); // labels read in the right order
        assertThat(percent(studentRow.get(studentRow.size() - 1))).isGreaterThan(85.0);
    }

    /** An MLP trained on iris whose outputs follow [virginica, setosa, versicolor], as Tribuo's demo model's do. */
    private static Path givenAnIrisTeacherWithTribuosLabelOrder(Path folder) throws Exception {
        CsvData csv = CsvData.read(TestData.file("iris.csv"), null);
        int[] tribuoIndex = {1, 2, 0}; // setosa, versicolor, virginica -> their place in Tribuo's order
        int[] labels = new int[csv.labels().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = tribuoIndex[csv.labels()[i]];
        }
        org.modelgate.optimize.train.Network teacher = org.modelgate.optimize.train.Network.mlp(
                org.modelgate.optimize.train.Standardization.of(csv.features()), new int[] {32}, 3, 5);
        org.modelgate.optimize.train.Trainer.builder().optEpochs(100).build()
                .fit(teacher, csv.features(), org.modelgate.optimize.train.Objective.crossEntropy(labels));
        Files.createDirectories(folder);
        Files.write(folder.resolve("model.onnx"), teacher.toOnnx("iris", "input", "output"));
        Files.writeString(folder.resolve("model.json"), "{\"name\": \"iris\", \"version\": \"1.0.0\", \"format\": \"onnx\","
                + " \"file\": \"model.onnx\", \"labels\": [\"virginica\", \"setosa\", \"versicolor\"]}\n", StandardCharsets.UTF_8);
        return folder;
    }

    private void thenTheFolderHoldsTheStudentWithTheTeachersModelJson(Path folder) throws Exception {
        assertThat(folder.resolve("model.onnx")).isRegularFile();
        assertThat(Files.size(folder.resolve("model.onnx"))).isLessThan(Files.size(teacher.resolve("model.onnx")) / 5);
        Map<String, Object> json = ModelJson.read(folder.resolve("model.json"));
        assertThat(json).containsEntry("name", "digits").containsEntry("file", "model.onnx");
        assertThat((List<?>) json.get("golden")).hasSize(2);
    }

    private void whenRun(String... options) {
        List<String> args = new ArrayList<>(List.of("distill", "--teacher", teacher.toString(), "--data", data.toString(),
                "--labels", "last", "--runs", "20", "--warmup", "2"));
        args.addAll(List.of(options));
        status = Mgopt.run(args, print(out), print(err));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static double percent(String cell) {
        return Double.parseDouble(cell.replace("%", ""));
    }

    private static List<String> cells(String table, int line) {
        return List.of(table.lines().toList().get(line).trim().split("\\s+"));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
