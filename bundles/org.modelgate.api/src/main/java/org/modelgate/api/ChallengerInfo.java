package org.modelgate.api;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A challenger version serving beside a model's committed version ({@link ModelRegistry#challenger(String)}).
 *
 * @param model the model
 * @param version the challenger's version
 * @param champion the version serving and committed
 * @param split how the two share the requests
 * @param since when the challenger started taking traffic
 * @param requests requests the challenger answered (split) or ran on a copy of (shadow), explicit-version ones
 *     included
 * @param shadowSkipped shadow copies skipped because the shadow executor's queue was full
 * @since 1.11.0
 */
@ProviderType
public record ChallengerInfo(String model, String version, String champion, TrafficSplit split, Instant since,
        long requests, long shadowSkipped) {
}
