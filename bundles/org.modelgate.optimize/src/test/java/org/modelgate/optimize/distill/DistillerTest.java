package org.modelgate.optimize.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.optimize.train.Dataset;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Objective;
import org.modelgate.optimize.train.Standardization;
import org.modelgate.optimize.train.TestData;
import org.modelgate.optimize.train.Trainer;

/**
 * A small student trained on a big teacher's soft outputs (the teacher run through ONNX Runtime) comes within 2
 * points of the teacher's accuracy on held-out rows, on the digits and on breast_cancer.
 */
class DistillerTest {
    @TempDir
    Path folder;

    private Dataset data;
    private Path teacherFile;
    private int teacherParameters;
    private Distillation result;

    @Test
    void aSmallMlpLearnsTheDigitsFromAWideTeacher() throws Exception {
        givenData(TestData.digits());
        givenAWideTeacherTrainedOnTheTrainingRows(512);

        whenDistilled(DistillSettings.DEFAULT.withStudent(StudentSpec.parse("mlp:32")));

        thenTheStudentIsWithinTwoPointsOfTheTeacher();
        assertThat(result.teacherAccuracy()).isGreaterThan(0.95);
        assertThat(result.agreement()).isGreaterThan(0.95);
        assertThat(result.student().parameterCount()).isLessThan(teacherParameters / 10);
    }

    @Test
    void logisticRegressionLearnsBreastCancerFromAWideTeacher() throws Exception {
        givenData(TestData.breastCancer());
        givenAWideTeacherTrainedOnTheTrainingRows(256);

        whenDistilled(DistillSettings.DEFAULT.withStudent(StudentSpec.parse("logistic")));

        thenTheStudentIsWithinTwoPointsOfTheTeacher();
        assertThat(result.teacherAccuracy()).isGreaterThan(0.93);
    }

    @Test
    void withoutLabelsOnlyAgreementIsMeasured() throws Exception {
        givenData(TestData.digits());
        givenAWideTeacherTrainedOnTheTrainingRows(128);
        float[][] scores = teacherScores();

        result = Distiller.distill(data.rows(), null, scores, DistillSettings.DEFAULT.withEpochs(20), null);

        assertThat(result.labelled()).isFalse();
        assertThat(result.studentAccuracy()).isNaN();
        assertThat(result.agreement()).isGreaterThan(0.93);
    }

    @Test
    void aLabelOutsideTheTeachersClassesIsRefused() throws Exception {
        givenData(TestData.breastCancer());
        givenAWideTeacherTrainedOnTheTrainingRows(8);
        int[] labels = data.labels().clone();
        labels[4] = 2;

        assertThatThrownBy(() -> Distiller.distill(data.rows(), labels, teacherScores(), DistillSettings.DEFAULT, null))
                .hasMessageContaining("row 5 has label 2 but the teacher has 2 classes");
    }

    @Test
    void badSettingsNameTheOption() {
        assertThatThrownBy(() -> DistillSettings.DEFAULT.withLoss(0.5, 0.5)).hasMessageContaining("--temperature must be 1 or more");
        assertThatThrownBy(() -> DistillSettings.DEFAULT.withLoss(4, 1.5)).hasMessageContaining("--alpha must lie between 0 and 1");
        assertThatThrownBy(() -> StudentSpec.parse("cnn:3")).hasMessageContaining("give logistic, mlp:<units>");
        assertThat(StudentSpec.parse("mlp:128x32").hidden()).containsExactly(128, 32);
        assertThat(StudentSpec.parse("mlp:128x32")).hasToString("mlp:128x32");
    }

    private void givenData(Dataset dataset) {
        data = dataset;
    }

    /** The teacher sees only the rows the distiller will train on: the same stratified split, same seed. */
    private void givenAWideTeacherTrainedOnTheTrainingRows(int width) throws Exception {
        Dataset.Split split = data.split(DistillSettings.DEFAULT.heldOutFraction(), DistillSettings.DEFAULT.seed());
        Network teacher = Network.mlp(Standardization.of(split.train().rows()), new int[] {width}, data.classes(), 11);
        Trainer.builder().optEpochs(40).optSeed(11).build()
                .fit(teacher, split.train().rows(), Objective.crossEntropy(split.train().labels()));
        teacherParameters = teacher.parameterCount();
        teacherFile = folder.resolve("teacher.onnx");
        Files.write(teacherFile, teacher.toOnnx("teacher"));
    }

    private float[][] teacherScores() throws Exception {
        try (Teacher teacher = Teacher.open(teacherFile)) {
            return teacher.scores(data.rows(), done -> { });
        }
    }

    private void whenDistilled(DistillSettings settings) throws Exception {
        result = Distiller.distill(data.rows(), data.labels(), teacherScores(), settings, null);
    }

    private void thenTheStudentIsWithinTwoPointsOfTheTeacher() {
        System.out.printf("teacher %.4f student %.4f agreement %.4f%n", result.teacherAccuracy(), result.studentAccuracy(),
                result.agreement());
        assertThat(result.studentAccuracy()).isGreaterThanOrEqualTo(result.teacherAccuracy() - 0.02);
    }
}
