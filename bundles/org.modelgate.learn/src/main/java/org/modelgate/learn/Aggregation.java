package org.modelgate.learn;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Combines the accepted updates of one round into the delta the global model moves by.
 *
 * <pre>
 * float[] delta = Aggregation.of(AggregationRule.TRIMMED_MEAN, 0.1).combine(accepted);
 * for (int i = 0; i &lt; global.length; i++) global[i] += delta[i];
 * </pre>
 */
@ProviderType
public interface Aggregation {
    /**
     * The aggregated delta.
     *
     * @param accepted the round's accepted updates (see {@link UpdateValidator}), all of one length
     * @return a new array of that length
     * @throws IllegalArgumentException when there are no updates, their lengths differ, or trimming would leave none
     */
    float[] combine(List<ClientUpdate> accepted);

    /**
     * An aggregation by one rule.
     *
     * @param rule the rule
     * @param trimFraction for {@link AggregationRule#TRIMMED_MEAN}, the share of updates dropped at each end of each
     *        coordinate, from 0 to below 0.5; ignored by the other rules
     * @return the aggregation
     */
    static Aggregation of(AggregationRule rule, double trimFraction) {
        switch (rule) {
        case FEDAVG:
            return new FedAvg();
        case TRIMMED_MEAN:
            return new TrimmedMean(trimFraction);
        case MEDIAN:
            return new CoordinateMedian();
        default:
            throw new IllegalArgumentException("no aggregation for " + rule);
        }
    }
}
