package org.modelgate.explain.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Occlusion and Kernel SHAP on scores whose Shapley values are known: an additive score (both methods give
 * w_f (x_f - b_f)) and a product of two features (Shapley splits the interaction; occlusion counts it twice).
 */
class AttributionMethodsTest {
    private static final double[] WEIGHTS = {0.5, -2, 1, 0, 3, 0.25, -1, 2, 0.5, 1.5, -0.75, 1};

    @Test
    void onAnAdditiveScoreBothMethodsGiveEachFeaturesOwnTerm() {
        float[] row = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        double[] baseline = {0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6};
        ScoreFunction linear = rows -> {
            double[] s = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                for (int f = 0; f < WEIGHTS.length; f++) {
                    s[i] += WEIGHTS[f] * rows[i][f];
                }
            }
            return s;
        };
        double[] occlusion = Occlusion.attribute(row, baseline, linear);
        // 12 features: 4094 coalitions do not fit in 256, so this one samples
        double[] shap = KernelShap.attribute(row, baseline, linear, 256, 42);

        for (int f = 0; f < WEIGHTS.length; f++) {
            double expected = WEIGHTS[f] * (row[f] - baseline[f]);
            assertThat(occlusion[f + 2]).as("occlusion of f%d", f).isCloseTo(expected, within(1e-6));
            assertThat(shap[f + 2]).as("Kernel SHAP of f%d", f).isCloseTo(expected, within(1e-6));
        }
        assertThat(shap[WEIGHTS.length + 2]).as("rows run").isEqualTo(256);
    }

    @Test
    void kernelShapSplitsAnInteractionAndSumsToTheScoreChange() {
        float[] row = {2, 3, 1, 1, 1};
        double[] baseline = {0, 1, 0, 0, 0};
        // score = x0 * x1 + x2: phi_0 = ((2*1 - 0) + (2*3 - 0*3)) / 2 = 4, phi_1 = ((0*3 - 0) + (6 - 2)) / 2 = 2, phi_2 = 1
        ScoreFunction product = rows -> {
            double[] s = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                s[i] = rows[i][0] * rows[i][1] + rows[i][2];
            }
            return s;
        };
        double[] shap = KernelShap.attribute(row, baseline, product, 64, 42); // all 30 coalitions fit: exact
        double[] occlusion = Occlusion.attribute(row, baseline, product);

        assertThat(shap[2]).isCloseTo(4, within(1e-6));
        assertThat(shap[3]).isCloseTo(2, within(1e-6));
        assertThat(shap[4]).isCloseTo(1, within(1e-6));
        assertThat(shap[5] + shap[6]).isCloseTo(0, within(1e-6));
        assertThat(shap[2] + shap[3] + shap[4] + shap[5] + shap[6]).isCloseTo(shap[0] - shap[1], within(1e-9));
        assertThat(shap[7]).as("rows run: 30 coalitions, the row and the baseline").isEqualTo(32);
        // occlusion: f0 -> 7 - 1 = 6, f1 -> 7 - 3 = 4: the interaction counted in both
        assertThat(occlusion[2]).isCloseTo(6, within(1e-6));
        assertThat(occlusion[3]).isCloseTo(4, within(1e-6));
    }
}
