package org.modelgate.explain.internal;

/**
 * Occlusion: feature f's attribution is the score of the row minus the score of the row with f replaced by its
 * baseline value. One batch of F + 2 rows (the row, the baseline, one per feature). Deterministic; for a model
 * additive in its features the attributions add up to score - baseline score, otherwise they need not.
 */
public final class Occlusion {
    private Occlusion() {
    }

    /**
     * Attributes.
     *
     * @param row the request's features
     * @param baseline the baseline values
     * @param score the explained score
     * @return {@code [score(row), score(baseline), attribution_0, ..., attribution_F-1]}
     */
    public static double[] attribute(float[] row, double[] baseline, ScoreFunction score) {
        int width = row.length;
        float[][] rows = new float[width + 2][];
        rows[0] = row.clone();
        rows[1] = KernelShap.toFloats(baseline);
        for (int f = 0; f < width; f++) {
            rows[f + 2] = row.clone();
            rows[f + 2][f] = (float) baseline[f];
        }
        double[] s = score.scores(rows);
        double[] out = new double[width + 2];
        out[0] = s[0];
        out[1] = s[1];
        for (int f = 0; f < width; f++) {
            out[f + 2] = s[0] - s[f + 2];
        }
        return out;
    }

    /**
     * The rows one attribution runs.
     *
     * @param width F
     * @return F + 2
     */
    public static int cost(int width) {
        return width + 2;
    }
}
