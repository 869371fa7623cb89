package org.modelgate.learn;

/** How the accepted updates of a round become one. */
public enum AggregationRule {
    /** FedAvg (McMahan et al. 2017): the mean of the deltas weighted by each update's sample count. */
    FEDAVG,
    /**
     * Per coordinate, the mean after dropping the {@code floor(trimFraction * n)} largest and as many smallest values
     * (Yin et al. 2018); unweighted. Outvotes up to that many poisoned updates.
     */
    TRIMMED_MEAN,
    /** Per coordinate, the median (the mean of the two middle values for an even count); unweighted. */
    MEDIAN
}
