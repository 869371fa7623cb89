package org.modelgate.optimize.train;

/** The softmax of logits divided by a temperature, computed stably (the largest logit subtracted first). */
public final class Softmax {
    private Softmax() {
    }

    /**
     * {@code softmax(logits / temperature)}.
     *
     * @param logits the scores
     * @param temperature above 1 softens the distribution; 1 is the plain softmax
     * @return probabilities summing to 1
     */
    public static double[] of(double[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            p[c] = Math.exp((logits[c] - max) / temperature);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
