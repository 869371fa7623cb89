package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How a challenger version shares a model's requests with the serving version (the champion).
 *
 * <pre>
 * new TrafficSplit(false, 10, true); // 10 % of the route keys answered by the challenger
 * new TrafficSplit(true, 100, false); // every request copied to the challenger, never answered by it
 * </pre>
 *
 * @param shadow true: the challenger runs on a copy and its answer is never returned; false: it answers its share
 * @param percent the challenger's share of the requests (answered or copied), above 0 and at most 100
 * @param sticky true: the hash of a request's route key decides ({@link InferenceRequest#routeKey()}), so one key
 *     always meets the same version; requests without a key, and every request when false, are drawn at random
 * @since 1.11.0
 */
@ProviderType
public record TrafficSplit(boolean shadow, double percent, boolean sticky) {
    /**
     * Checks the share.
     *
     * @param shadow whether the challenger only shadows
     * @param percent the share, above 0 and at most 100
     * @param sticky whether route keys decide
     */
    public TrafficSplit {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be above 0 and at most 100, not " + percent);
        }
    }
}
