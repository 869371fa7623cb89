package org.modelgate.optimize.train;

import java.util.Arrays;

/**
 * Per-feature mean and standard deviation of training rows: a network sees {@code (x - mean) / std}. Exported
 * models carry it folded into their first layer, so they take raw features.
 *
 * @param mean the mean of each feature
 * @param std the standard deviation of each feature; 1 for a constant feature (it stays 0 after centering)
 */
public record Standardization(float[] mean, float[] std) {
    /** Checks that both have one value per feature and that every deviation is positive. */
    public Standardization {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " features, std " + std.length);
        }
        for (int f = 0; f < std.length; f++) {
            if (!(std[f] > 0) || !Float.isFinite(std[f]) || !Float.isFinite(mean[f])) {
                throw new IllegalArgumentException("feature " + f + " has mean " + mean[f] + " and std " + std[f]
                        + "; the standard deviation must be finite and positive");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The mean and (population) standard deviation of each column of {@code rows}. */
    public static Standardization of(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows to standardize");
        }
        int width = rows[0].length;
        double[] sum = new double[width];
        for (float[] row : rows) {
            for (int f = 0; f < width; f++) {
                sum[f] += row[f];
            }
        }
        float[] mean = new float[width];
        float[] std = new float[width];
        for (int f = 0; f < width; f++) {
            double m = sum[f] / rows.length;
            double squares = 0;
            for (float[] row : rows) {
                squares += (row[f] - m) * (row[f] - m);
            }
            double deviation = Math.sqrt(squares / rows.length);
            mean[f] = (float) m;
            std[f] = deviation > 1e-12 ? (float) deviation : 1f;
        }
        return new Standardization(mean, std);
    }

    /** No standardization: mean 0, deviation 1 for {@code width} features. */
    public static Standardization identity(int width) {
        float[] ones = new float[width];
        Arrays.fill(ones, 1f);
        return new Standardization(new float[width], ones);
    }

    /** @return the number of features */
    public int width() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Writes the standardized {@code row} into {@code out}. */
    void apply(float[] row, double[] out) {
        for (int f = 0; f < mean.length; f++) {
            out[f] = (row[f] - mean[f]) / std[f];
        }
    }

    float meanOf(int feature) {
        return mean[feature];
    }

    float stdOf(int feature) {
        return std[feature];
    }
}
