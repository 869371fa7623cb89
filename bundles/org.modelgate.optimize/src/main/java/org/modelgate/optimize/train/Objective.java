package org.modelgate.optimize.train;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a {@link Trainer} minimizes: for one training row, the loss of the network's logits and its gradient with
 * respect to them. Implementations hold the targets, indexed by the row's position in the rows given to
 * {@link Trainer#fit}.
 */
@ConsumerType
@FunctionalInterface
public interface Objective {
    /**
     * The loss of one row.
     *
     * @param row the row's index in the training rows
     * @param logits the network's outputs before the softmax
     * @param gradient receives d loss / d logits (same length as {@code logits})
     * @return the loss of this row
     */
    double lossAndGradient(int row, double[] logits, double[] gradient);

    /** Softmax cross-entropy against class indices (0 .. classes - 1). */
    static Objective crossEntropy(int[] labels) {
        return (row, logits, gradient) -> {
            double[] p = Softmax.of(logits, 1);
            int label = labels[row];
            for (int c = 0; c < p.length; c++) {
                gradient[c] = p[c] - (c == label ? 1 : 0);
            }
            return -Math.log(Math.max(p[label], 1e-12));
        };
    }

    /** Softmax cross-entropy against target probability rows (each summing to 1). */
    static Objective softTargets(float[][] targets) {
        return (row, logits, gradient) -> {
            double[] p = Softmax.of(logits, 1);
            double loss = 0;
            for (int c = 0; c < p.length; c++) {
                gradient[c] = p[c] - targets[row][c];
                if (targets[row][c] > 0) {
                    loss -= targets[row][c] * Math.log(Math.max(p[c], 1e-12));
                }
            }
            return loss;
        };
    }
}
