package org.modelgate.monitor.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference of one input or output tensor: one {@link FeatureProfile} per position of its last
 * dimension and, for a classifier's output, the predicted classes and the confidence (the largest
 * output value of each row).
 *
 * <pre>
 * TensorProfile input = TensorProfile.ofRows(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), rows);
 * TensorProfile output = TensorProfile.ofClassifierOutputs(List.of("setosa", "versicolor", "virginica"), probabilities);
 * </pre>
 *
 * @param features one profile per feature, in tensor order
 * @param predictions the arg-max class counts of a classifier's output, or null
 * @param confidence the profile of the largest output value per row of a classifier, or null
 */
public record TensorProfile(List<FeatureProfile> features, ClassCounts predictions, FeatureProfile confidence) {
    /**
     * Copies the list.
     */
    public TensorProfile {
        features = List.copyOf(features);
    }

    /**
     * Profiles the rows of a tensor (each row one value per feature).
     *
     * @param names the feature names, or an empty list for {@code f0, f1, ...}
     * @param rows the reference rows, all of one length
     * @return the profile, features only
     * @throws IllegalArgumentException when there is no row, rows differ in length or a feature has no finite value
     */
    public static TensorProfile ofRows(List<String> names, double[][] rows) {
        return new TensorProfile(profiles(names, rows), null, null);
    }

    /**
     * Profiles a classifier's outputs: each output column as a feature, the predicted class (arg-max)
     * counts and the confidence (the row's largest value).
     *
     * @param labels the class names in output order, or an empty list for {@code class_0, class_1, ...}
     * @param outputs the model's output rows (probabilities or scores)
     * @return the profile
     */
    public static TensorProfile ofClassifierOutputs(List<String> labels, double[][] outputs) {
        if (outputs.length == 0) {
            throw new IllegalArgumentException("no reference rows");
        }
        int width = outputs[0].length;
        List<String> names = labels;
        if (labels.isEmpty()) {
            names = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                names.add("class_" + c);
            }
        }
        List<FeatureProfile> columns = profiles(names, outputs);
        long[] counts = new long[width];
        double[] confidence = new double[outputs.length];
        for (int r = 0; r < outputs.length; r++) {
            int best = 0;
            for (int c = 1; c < width; c++) {
                if (outputs[r][c] > outputs[r][best]) {
                    best = c;
                }
            }
            counts[best]++;
            confidence[r] = outputs[r][best];
        }
        return new TensorProfile(columns, new ClassCounts(names, counts), FeatureProfile.of("confidence", confidence));
    }

    private static List<FeatureProfile> profiles(List<String> names, double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no reference rows");
        }
        int width = rows[0].length;
        if (!names.isEmpty() && names.size() != width) {
            throw new IllegalArgumentException(names.size() + " feature names for rows of " + width + " values");
        }
        List<FeatureProfile> features = new ArrayList<>();
        for (int f = 0; f < width; f++) {
            double[] column = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                if (rows[r].length != width) {
                    throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, row 0 has " + width);
                }
                column[r] = rows[r][f];
            }
            features.add(FeatureProfile.of(names.isEmpty() ? "f" + f : names.get(f), column));
        }
        return features;
    }

    /** @return the number of features */
    public int width() {
        return features.size();
    }
}
