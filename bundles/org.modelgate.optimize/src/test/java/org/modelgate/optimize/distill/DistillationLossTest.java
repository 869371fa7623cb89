package org.modelgate.optimize.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The distillation loss's gradient is the derivative of its value, with and without hard labels. */
class DistillationLossTest {
    private static final double STEP = 1e-6;

    @Test
    void theGradientMatchesFiniteDifferencesWithLabels() {
        thenGradientMatches(new DistillationLoss(teacher(), new int[] {2}, 4, 0.5));
    }

    @Test
    void theGradientMatchesFiniteDifferencesWithoutLabels() {
        thenGradientMatches(new DistillationLoss(teacher(), null, 3, 0.2));
    }

    @Test
    void aStudentEqualToTheTeacherHasNoSoftLossNorGradient() {
        double[][] teacher = teacher();
        double[] gradient = new double[4];

        double loss = new DistillationLoss(teacher, null, 4, 0.5).lossAndGradient(0, teacher[0].clone(), gradient);

        assertThat(loss).isCloseTo(0, within(1e-12));
        assertThat(gradient).containsExactly(new double[] {0, 0, 0, 0}, within(1e-12));
    }

    @Test
    void probabilitiesBecomeTheirLogarithmsAndLogitsStayAsTheyAre() {
        double[][] fromProbabilities = DistillationLoss.logitsOf(new float[][] {{0.25f, 0.75f}});
        double[][] fromLogits = DistillationLoss.logitsOf(new float[][] {{2.5f, -1f}});

        assertThat(fromProbabilities[0]).containsExactly(new double[] {Math.log(0.25), Math.log(0.75)}, within(1e-6));
        assertThat(fromLogits[0]).containsExactly(2.5, -1.0);
    }

    private static double[][] teacher() {
        return new double[][] {{1.2, -0.4, 2.0, 0.3}};
    }

    private static void thenGradientMatches(DistillationLoss loss) {
        Random random = new Random(3);
        double[] logits = new double[4];
        for (int c = 0; c < logits.length; c++) {
            logits[c] = random.nextGaussian() * 2;
        }
        double[] gradient = new double[4];
        loss.lossAndGradient(0, logits, gradient);
        double[] scratch = new double[4];
        for (int c = 0; c < logits.length; c++) {
            double[] up = logits.clone();
            double[] down = logits.clone();
            up[c] += STEP;
            down[c] -= STEP;
            double numeric = (loss.lossAndGradient(0, up, scratch) - loss.lossAndGradient(0, down, scratch)) / (2 * STEP);
            assertThat(gradient[c]).as("d loss / d logit %d", c).isCloseTo(numeric, within(1e-6));
        }
    }
}
