package org.modelgate.explain.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.modelgate.explain.Classification;
import org.modelgate.explain.ExplainRefusedException;
import org.modelgate.explain.ScoredLabel;

/**
 * Confidence and top-k of known output rows: probabilities as they are, logits through softmax, a sigmoid output.
 */
class ConfidenceAndTopKTest {
    private static final List<String> IRIS = List.of("setosa", "versicolor", "virginica");

    @Test
    void aDistributionIsReadAsItIs() {
        Classification c = ClassScores.classify(new double[] {0.2, 0.7, 0.1}, IRIS, 2);

        assertThat(c.probabilities()).containsExactly(0.2, 0.7, 0.1);
        assertThat(c.predicted()).isEqualTo(new ScoredLabel("versicolor", 1, 0.7));
        assertThat(c.confidence().max()).isEqualTo(0.7);
        assertThat(c.confidence().margin()).isCloseTo(0.5, within(1e-12));
        double entropy = -(0.2 * Math.log(0.2) + 0.7 * Math.log(0.7) + 0.1 * Math.log(0.1));
        assertThat(c.confidence().entropy()).isCloseTo(entropy, within(1e-12));
        assertThat(c.top()).extracting(ScoredLabel::label).containsExactly("versicolor", "setosa");
    }

    @Test
    void logitsGoThroughSoftmax() {
        Classification c = ClassScores.classify(new double[] {2, 1, 0}, IRIS, 3);

        double sum = Math.exp(2) + Math.exp(1) + 1;
        assertThat(c.probabilities()[0]).isCloseTo(Math.exp(2) / sum, within(1e-12));
        assertThat(c.probabilities()[2]).isCloseTo(1 / sum, within(1e-12));
        assertThat(c.top()).extracting(ScoredLabel::index).containsExactly(0, 1, 2);
        assertThat(c.confidence().margin()).isCloseTo((Math.exp(2) - Math.exp(1)) / sum, within(1e-12));
    }

    @Test
    void aCertainPredictionHasNoEntropy() {
        Classification c = ClassScores.classify(new double[] {0, 1, 0}, IRIS, 1);

        assertThat(c.confidence().entropy()).isZero();
        assertThat(c.confidence().margin()).isEqualTo(1.0);
    }

    @Test
    void aSingleSigmoidOutputIsTheProbabilityOfClassOne() {
        Classification c = ClassScores.classify(new double[] {0.8}, List.of("malignant", "benign"), 2);

        assertThat(c.predicted().label()).isEqualTo("benign");
        assertThat(c.probabilities()[0]).isCloseTo(0.2, within(1e-12));
        assertThat(ClassScores.classify(new double[] {-3}, List.of(), 1).predicted())
                .isEqualTo(new ScoredLabel("class_0", 0, 1 - 1 / (1 + Math.exp(3))));
    }

    @Test
    void topKOutsideTheClassesIsRefusedNamingTheParameter() {
        for (int bad : new int[] {0, 4, -1}) {
            assertThatThrownBy(() -> ClassScores.classify(new double[] {0.2, 0.7, 0.1}, IRIS, bad))
                    .isInstanceOfSatisfying(ExplainRefusedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ExplainRefusedException.Reason.BAD_PARAMETER);
                        assertThat(e.parameter()).isEqualTo("top_k");
                    })
                    .hasMessageContaining("top_k must be 1 to 3");
        }
    }

    @Test
    void nonFiniteScoresAreNotAClassification() {
        assertThatThrownBy(() -> ClassScores.classify(new double[] {Double.NaN, 1}, IRIS, 1))
                .isInstanceOfSatisfying(ExplainRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExplainRefusedException.Reason.NOT_A_CLASSIFIER));
    }
}
