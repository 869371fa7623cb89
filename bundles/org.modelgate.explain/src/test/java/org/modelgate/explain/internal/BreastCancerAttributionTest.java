package org.modelgate.explain.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.Tensor;
import org.modelgate.explain.Attribution;
import org.modelgate.explain.FeatureAttribution;

/**
 * The check: on the trained breast_cancer model, the features that attribution ranks highest (mean
 * |attribution| over a sample of rows) are the ones permutation importance finds, computed independently here (the
 * test shuffles each column itself and measures the accuracy drop through the real model).
 */
class BreastCancerAttributionTest {
    private OnnxModelFolder model;
    private BreastCancerModel data;
    private List<String> byAttribution;
    private List<String> byPermutation;

    @AfterEach
    void close() throws Exception {
        model.close();
    }

    @Test
    void occlusionRanksTheFeaturesPermutationImportanceFinds() throws Exception {
        givenTheTrainedBreastCancerModel();
        whenAttributingHeldOutRowsWith("occlusion", 256);
        andPermutationImportanceIsMeasuredByShufflingColumns();
        thenTheTopFeaturesAgree();
    }

    @Test
    void kernelShapRanksTheFeaturesPermutationImportanceFinds() throws Exception {
        givenTheTrainedBreastCancerModel();
        whenAttributingHeldOutRowsWith("kernelshap", 512);
        andPermutationImportanceIsMeasuredByShufflingColumns();
        thenTheTopFeaturesAgree();
    }

    private void givenTheTrainedBreastCancerModel() throws Exception {
        model = new OnnxModelFolder(BreastCancerFixture.folder());
        data = BreastCancerFixture.model();
        double accuracy = accuracy(data.test().rows(), data.test().labels());
        assertThat(accuracy).as("held-out accuracy of the trained model").isGreaterThan(0.93);
    }

    private void whenAttributingHeldOutRowsWith(String method, int budget) {
        ExplainerComponent explainer = new ExplainerComponent(model, model, Configs.explain(method, budget, 5));
        float[][] rows = data.test().rows();
        int sample = Math.min(80, rows.length);
        double[] meanAbs = new double[BreastCancerModel.FEATURES.size()];
        for (int i = 0; i < sample; i++) {
            Attribution attribution = explainer.attribute("breast_cancer", null,
                    InferenceRequest.of(Tensor.ofFloats("input", new long[] {1, 30}, rows[i])));
            assertThat(attribution.inferences()).isLessThanOrEqualTo(budget + 1);
            List<FeatureAttribution> features = attribution.features();
            for (int f = 0; f < meanAbs.length; f++) {
                assertThat(features.get(f).name()).isEqualTo(BreastCancerModel.FEATURES.get(f));
                meanAbs[f] += Math.abs(features.get(f).attribution()) / sample;
            }
        }
        byAttribution = ranked(meanAbs);
    }

    private void andPermutationImportanceIsMeasuredByShufflingColumns() {
        float[][] rows = data.test().rows();
        int[] labels = data.test().labels();
        double base = accuracy(rows, labels);
        Random random = new Random(7);
        int repeats = 20;
        double[] drop = new double[BreastCancerModel.FEATURES.size()];
        for (int f = 0; f < drop.length; f++) {
            for (int r = 0; r < repeats; r++) {
                float[][] shuffled = new float[rows.length][];
                List<Float> column = new ArrayList<>();
                for (float[] row : rows) {
                    column.add(row[f]);
                }
                java.util.Collections.shuffle(column, random);
                for (int i = 0; i < rows.length; i++) {
                    shuffled[i] = rows[i].clone();
                    shuffled[i][f] = column.get(i);
                }
                drop[f] += (base - accuracy(shuffled, labels)) / repeats;
            }
        }
        byPermutation = ranked(drop);
    }

    private void thenTheTopFeaturesAgree() {
        List<String> topAttribution = byAttribution.subList(0, 5);
        List<String> topPermutation = byPermutation.subList(0, 5);
        long common = topAttribution.stream().filter(topPermutation::contains).count();
        System.out.println("[explain] top-5 by mean |attribution|: " + topAttribution);
        System.out.println("[explain] top-5 by permutation importance: " + topPermutation);
        assertThat(common).as("features in both top-5 lists").isGreaterThanOrEqualTo(3);
        assertThat(byPermutation.subList(0, 3)).as("permutation's top 3").contains(byAttribution.get(0));
        assertThat(byAttribution.subList(0, 3)).as("attribution's top 3").contains(byPermutation.get(0));
    }

    private double accuracy(float[][] rows, int[] labels) {
        double[][] outputs = model.outputs(rows);
        int correct = 0;
        for (int i = 0; i < rows.length; i++) {
            int predicted = outputs[i][1] > outputs[i][0] ? 1 : 0;
            correct += predicted == labels[i] ? 1 : 0;
        }
        return (double) correct / rows.length;
    }

    private static List<String> ranked(double[] scores) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer f) -> scores[f]).reversed())
                .map(BreastCancerModel.FEATURES::get).toList();
    }
}
