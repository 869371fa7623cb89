package org.modelgate.explain.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.modelgate.explain.Classification;
import org.modelgate.explain.Confidence;
import org.modelgate.explain.ExplainRefusedException;
import org.modelgate.explain.ExplainRefusedException.Reason;
import org.modelgate.explain.ScoredLabel;

/**
 * A classifier's output row as probabilities, and the classification read from them.
 */
public final class ClassScores {
    private static final double DISTRIBUTION_TOLERANCE = 1e-3;

    private ClassScores() {
    }

    /**
     * The probabilities of an output row: the row itself when it is a distribution, else its softmax; a row of one
     * value is a binary classifier's P(class 1) (through the sigmoid when outside [0,1]).
     *
     * @param row the output row
     * @return the class probabilities (two for a row of one value)
     */
    public static double[] probabilities(double[] row) {
        if (row.length == 1) {
            double p = row[0] >= 0 && row[0] <= 1 ? row[0] : 1 / (1 + Math.exp(-row[0]));
            return new double[] {1 - p, p};
        }
        if (isDistribution(row)) {
            return row.clone();
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            max = Math.max(max, v);
        }
        double[] p = new double[row.length];
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            p[i] = Math.exp(row[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static boolean isDistribution(double[] row) {
        double sum = 0;
        for (double v : row) {
            if (!(v >= 0 && v <= 1)) {
                return false;
            }
            sum += v;
        }
        return Math.abs(sum - 1) <= DISTRIBUTION_TOLERANCE;
    }

    /**
     * Reads an output row as a classification.
     *
     * @param row the output row
     * @param labels the class labels (model.json), or empty for {@code class_<i>}
     * @param topK how many classes to list
     * @return the classification
     * @throws ExplainRefusedException BAD_PARAMETER {@code top_k} when topK is not within 1..classes,
     *         NOT_A_CLASSIFIER for an empty or non-finite row
     */
    public static Classification classify(double[] row, List<String> labels, int topK) {
        if (row.length == 0) {
            throw new ExplainRefusedException(Reason.NOT_A_CLASSIFIER, null, "the output row is empty; confidence and "
                    + "top-k need a classifier's scores");
        }
        for (double v : row) {
            if (!Double.isFinite(v)) {
                throw new ExplainRefusedException(Reason.NOT_A_CLASSIFIER, null, "the output row holds " + v
                        + "; confidence and top-k need finite scores");
            }
        }
        double[] p = probabilities(row);
        if (topK < 1 || topK > p.length) {
            throw new ExplainRefusedException(Reason.BAD_PARAMETER, "top_k", "top_k must be 1 to " + p.length
                    + " (the model's classes), got " + topK);
        }
        List<ScoredLabel> ranked = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) {
            ranked.add(new ScoredLabel(label(labels, i), i, p[i]));
        }
        ranked.sort(Comparator.comparingDouble(ScoredLabel::score).reversed().thenComparingInt(ScoredLabel::index));
        double max = ranked.get(0).score();
        double margin = p.length > 1 ? max - ranked.get(1).score() : max;
        return new Classification(ranked.get(0), p, new Confidence(max, margin, entropy(p)), ranked.subList(0, topK));
    }

    /** Shannon entropy in nats; 0 log 0 = 0. */
    static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h == 0 ? 0 : h;
    }

    /** The label of class i: model.json's, else {@code class_i}. */
    public static String label(List<String> labels, int index) {
        return index < labels.size() ? labels.get(index) : "class_" + index;
    }
}
