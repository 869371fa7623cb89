package org.modelgate.learn;

import java.util.List;

/** The sample-weighted mean of the deltas. */
final class FedAvg implements Aggregation {
    @Override
    public float[] combine(List<ClientUpdate> accepted) {
        int length = Updates.commonLength(accepted);
        double total = 0;
        for (ClientUpdate u : accepted) {
            total += u.samples();
        }
        double[] sum = new double[length];
        for (ClientUpdate u : accepted) {
            double weight = u.samples() / total;
            float[] d = u.delta();
            for (int i = 0; i < length; i++) {
                sum[i] += weight * d[i];
            }
        }
        return Updates.toFloats(sum);
    }
}
