package org.modelgate.optimize.distill;

import org.modelgate.optimize.train.Objective;
import org.modelgate.optimize.train.Softmax;

/**
 * Hinton et al.'s distillation loss: {@code alpha * T^2 * KL(p_T || q_T) + (1 - alpha) * CE(y, q)}, where
 * {@code p_T} is the teacher's distribution softened by temperature T, {@code q_T} the student's, {@code q} the
 * student's at T = 1 and {@code y} the hard label. The T^2 keeps the soft term's gradient, {@code T (q_T - p_T)}, at
 * the scale of the hard one as T grows. Without labels the loss is the soft term alone.
 */
final class DistillationLoss implements Objective {
    private final double[][] softTeacher; // p_T per row
    private final int[] labels; // null: no hard term
    private final double temperature;
    private final double alpha;

    /**
     * @param teacherLogits the teacher's logits (or log-probabilities) per training row
     * @param labels the hard labels per row, or null
     * @param temperature 1 or more
     * @param alpha the soft term's weight, 0..1
     */
    DistillationLoss(double[][] teacherLogits, int[] labels, double temperature, double alpha) {
        this.temperature = temperature;
        this.alpha = labels == null ? 1 : alpha;
        this.labels = labels;
        this.softTeacher = new double[teacherLogits.length][];
        for (int i = 0; i < teacherLogits.length; i++) {
            softTeacher[i] = Softmax.of(teacherLogits[i], temperature);
        }
    }

    @Override
    public double lossAndGradient(int row, double[] logits, double[] gradient) {
        double[] p = softTeacher[row];
        double[] qT = Softmax.of(logits, temperature);
        double kl = 0;
        for (int c = 0; c < logits.length; c++) {
            gradient[c] = alpha * temperature * (qT[c] - p[c]);
            if (p[c] > 0) {
                kl += p[c] * (Math.log(p[c]) - Math.log(Math.max(qT[c], 1e-300)));
            }
        }
        double loss = alpha * temperature * temperature * kl;
        if (labels != null && alpha < 1) {
            double[] q = Softmax.of(logits, 1);
            int label = labels[row];
            for (int c = 0; c < logits.length; c++) {
                gradient[c] += (1 - alpha) * (q[c] - (c == label ? 1 : 0));
            }
            loss += (1 - alpha) * -Math.log(Math.max(q[label], 1e-300));
        }
        return loss;
    }

    /**
     * The teacher's scores as logits: a row of probabilities (each in [0, 1], summing to 1) becomes its logarithms,
     * anything else is taken as logits already.
     */
    static double[][] logitsOf(float[][] teacherOutputs) {
        double[][] logits = new double[teacherOutputs.length][];
        for (int r = 0; r < teacherOutputs.length; r++) {
            float[] row = teacherOutputs[r];
            double sum = 0;
            boolean probabilities = true;
            for (float v : row) {
                sum += v;
                probabilities &= v >= 0 && v <= 1;
            }
            probabilities &= Math.abs(sum - 1) < 1e-3;
            logits[r] = new double[row.length];
            for (int c = 0; c < row.length; c++) {
                logits[r][c] = probabilities ? Math.log(Math.max(row[c], 1e-12)) : row[c];
            }
        }
        return logits;
    }
}
