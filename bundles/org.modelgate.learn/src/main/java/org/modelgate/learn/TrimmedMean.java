package org.modelgate.learn;

import java.util.Arrays;
import java.util.List;

/** Per coordinate, the mean of the values left after dropping the largest and smallest share. */
final class TrimmedMean implements Aggregation {
    private final double trimFraction;

    TrimmedMean(double trimFraction) {
        if (!(trimFraction >= 0 && trimFraction < 0.5)) {
            throw new IllegalArgumentException("the trim fraction must lie in [0, 0.5), got " + trimFraction);
        }
        this.trimFraction = trimFraction;
    }

    @Override
    public float[] combine(List<ClientUpdate> accepted) {
        int length = Updates.commonLength(accepted);
        int n = accepted.size();
        int trim = (int) Math.floor(trimFraction * n);
        int kept = n - 2 * trim;
        if (kept < 1) { // cannot happen for a fraction below 0.5; kept for clarity of the failure
            throw new IllegalArgumentException("trimming " + trim + " of " + n + " updates at each end leaves none");
        }
        float[] column = new float[n];
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            for (int k = 0; k < n; k++) {
                column[k] = accepted.get(k).delta()[i];
            }
            Arrays.sort(column);
            double sum = 0;
            for (int k = trim; k < n - trim; k++) {
                sum += column[k];
            }
            out[i] = (float) (sum / kept);
        }
        return out;
    }
}
