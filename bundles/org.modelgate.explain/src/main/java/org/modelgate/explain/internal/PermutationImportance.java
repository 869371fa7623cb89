package org.modelgate.explain.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.modelgate.explain.FeatureImportance;

/**
 * Permutation importance (Breiman 2001; Fisher, Rudin and Dominici 2019): the accuracy on labelled rows minus the
 * accuracy when one feature's column is shuffled across the rows, repeated, as mean and standard deviation.
 * Costs rows x (F x repeats + 1) inferences.
 */
public final class PermutationImportance {
    private PermutationImportance() {
    }

    /**
     * The result: accuracy on the rows as they are and the features, most important first.
     *
     * @param accuracy the unshuffled accuracy
     * @param features the importances
     */
    public record Result(double accuracy, List<FeatureImportance> features) {
    }

    /**
     * Computes it.
     *
     * @param rows the rows
     * @param truth the true class index of each row
     * @param names the feature names
     * @param predict the predicted class index of each of many rows
     * @param repeats shuffles per feature
     * @param seed the shuffle seed
     * @return accuracy and importances
     */
    public static Result compute(float[][] rows, int[] truth, List<String> names, Function<float[][], int[]> predict,
            int repeats, long seed) {
        int width = names.size();
        double accuracy = accuracy(predict.apply(rows), truth);
        SplittableRandom random = new SplittableRandom(seed);
        List<FeatureImportance> features = new ArrayList<>(width);
        for (int f = 0; f < width; f++) {
            double[] drops = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                float[][] shuffled = shuffleColumn(rows, f, random);
                drops[r] = accuracy - accuracy(predict.apply(shuffled), truth);
            }
            features.add(new FeatureImportance(names.get(f), mean(drops), std(drops)));
        }
        features.sort(Comparator.comparingDouble(FeatureImportance::importance).reversed());
        return new Result(accuracy, features);
    }

    static float[][] shuffleColumn(float[][] rows, int column, SplittableRandom random) {
        float[] values = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = rows[i][column];
        }
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
            out[i][column] = values[i];
        }
        return out;
    }

    static double accuracy(int[] predicted, int[] truth) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            correct += predicted[i] == truth[i] ? 1 : 0;
        }
        return (double) correct / truth.length;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double std(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double m = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
