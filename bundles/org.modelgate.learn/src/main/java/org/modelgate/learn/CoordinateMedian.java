package org.modelgate.learn;

import java.util.Arrays;
import java.util.List;

/** Per coordinate, the median of the updates' values. */
final class CoordinateMedian implements Aggregation {
    @Override
    public float[] combine(List<ClientUpdate> accepted) {
        int length = Updates.commonLength(accepted);
        int n = accepted.size();
        float[] column = new float[n];
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            for (int k = 0; k < n; k++) {
                column[k] = accepted.get(k).delta()[i];
            }
            Arrays.sort(column);
            out[i] = n % 2 == 1 ? column[n / 2] : (float) ((column[n / 2 - 1] + (double) column[n / 2]) / 2);
        }
        return out;
    }
}
