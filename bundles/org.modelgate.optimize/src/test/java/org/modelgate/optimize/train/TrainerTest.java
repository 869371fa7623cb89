package org.modelgate.optimize.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Networks trained in plain Java learn real data, deterministically, and expose their parameters as one array. */
class TrainerTest {
    private Dataset.Split digits;
    private Network network;
    private Trainer.History history;

    @Test
    void anMlpLearnsTheDigits() throws Exception {
        givenTheDigitsSplit();
        givenAnMlp(new int[] {32}, 1);

        whenTrainedWith(Trainer.builder().optEpochs(30).build());

        thenHeldOutAccuracyIsAtLeast(0.95);
        assertThat(history.finalLoss()).isLessThan(history.lossPerEpoch()[0] / 5);
    }

    @Test
    void softmaxRegressionLearnsTheDigitsWithSgd() throws Exception {
        givenTheDigitsSplit();
        network = Network.logistic(Standardization.of(digits.train().rows()), 10, 1);

        whenTrainedWith(Trainer.builder().optAlgorithm(Trainer.Algorithm.SGD).optLearningRate(0.01).optEpochs(30).build());

        thenHeldOutAccuracyIsAtLeast(0.93);
    }

    @Test
    void theSameSeedGivesTheSameParametersAndAnotherSeedOthers() throws Exception {
        givenTheDigitsSplit();
        Trainer trainer = Trainer.builder().optEpochs(3).optSeed(5).build();

        float[] first = trained(trainer, 9);
        float[] again = trained(trainer, 9);
        float[] otherOrder = trained(Trainer.builder().optEpochs(3).optSeed(6).build(), 9);

        assertThat(again).containsExactly(first);
        assertThat(otherOrder).isNotEqualTo(first);
    }

    @Test
    void parametersRoundTripThroughOneFlatArray() throws Exception {
        givenTheDigitsSplit();
        givenAnMlp(new int[] {16, 8}, 3);
        Trainer.builder().optEpochs(2).build().fit(network, digits.train().rows(), Objective.crossEntropy(digits.train().labels()));

        Network other = Network.mlp(network.standardization(), new int[] {16, 8}, 10, 99);
        other.setParameters(network.parameters());

        assertThat(network.parameterCount()).isEqualTo(64 * 16 + 16 + 16 * 8 + 8 + 8 * 10 + 10);
        assertThat(other.probabilities(digits.heldOut().rows())).isDeepEqualTo(network.probabilities(digits.heldOut().rows()));
        assertThatThrownBy(() -> other.setParameters(new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 1266 parameters, got 3");
        float[] poisoned = network.parameters();
        poisoned[7] = Float.NaN;
        assertThatThrownBy(() -> other.setParameters(poisoned)).hasMessageContaining("parameter 7 is NaN");
    }

    @Test
    void softTargetsAreLearnt() throws Exception {
        givenTheDigitsSplit();
        float[][] targets = new float[digits.train().size()][10];
        for (int i = 0; i < targets.length; i++) {
            java.util.Arrays.fill(targets[i], 0.02f);
            targets[i][digits.train().labels()[i]] = 0.82f;
        }
        givenAnMlp(new int[] {32}, 2);

        Trainer.builder().optEpochs(20).build().fit(network, digits.train().rows(), Objective.softTargets(targets));

        thenHeldOutAccuracyIsAtLeast(0.93);
        float[][] p = network.probabilities(digits.train().rows());
        assertThat(p[0][digits.train().labels()[0]]).isBetween(0.6f, 0.95f); // soft, not one-hot: it learnt the 0.82
    }

    @Test
    void aProximalTermKeepsTheParametersNearTheirAnchor() throws Exception {
        givenTheDigitsSplit();
        givenAnMlp(new int[] {16}, 4);
        float[] anchor = network.parameters();
        Network free = network.copy();

        Trainer.builder().optEpochs(3).optProximalTerm(anchor, 50).build()
                .fit(network, digits.train().rows(), Objective.crossEntropy(digits.train().labels()));
        Trainer.builder().optEpochs(3).build().fit(free, digits.train().rows(), Objective.crossEntropy(digits.train().labels()));

        assertThat(distance(network.parameters(), anchor)).isLessThan(distance(free.parameters(), anchor) / 3);
        assertThatThrownBy(() -> Trainer.builder().optProximalTerm(new float[2], 1).build()
                .fit(network, digits.train().rows(), Objective.crossEntropy(digits.train().labels())))
                .hasMessageContaining("the proximal anchor has 2 values, the network 1210 parameters");
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    private void givenTheDigitsSplit() throws Exception {
        digits = TestData.digits().split(0.3, 42);
    }

    private void givenAnMlp(int[] hidden, long seed) {
        network = Network.mlp(Standardization.of(digits.train().rows()), hidden, 10, seed);
    }

    private void whenTrainedWith(Trainer trainer) {
        history = trainer.fit(network, digits.train().rows(), Objective.crossEntropy(digits.train().labels()));
    }

    private void thenHeldOutAccuracyIsAtLeast(double minimum) {
        assertThat(digits.heldOut().accuracyOf(network.predict(digits.heldOut().rows()))).isGreaterThanOrEqualTo(minimum);
    }

    private float[] trained(Trainer trainer, long initSeed) {
        Network n = Network.mlp(Standardization.of(digits.train().rows()), new int[] {16}, 10, initSeed);
        trainer.fit(n, digits.train().rows(), Objective.crossEntropy(digits.train().labels()));
        return n.parameters();
    }
}
