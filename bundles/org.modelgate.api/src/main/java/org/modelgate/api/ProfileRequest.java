package org.modelgate.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What to measure when profiling a model: how many timed runs each candidate gets and which intra-op thread
 * counts to try.
 *
 * <pre>{@code
 * ProfileReport report = registry.profile("iris", ProfileRequest.ofRuns(200), ProfileListener.NONE);
 * }</pre>
 *
 * @param runs timed runs per candidate, after the warm-up; 1 to {@link #MAX_RUNS}
 * @param threads the {@code intraOpThreads} values to try on every backend and driver; empty for the default
 *        1, 2 and all cores (deduplicated)
 */
@ProviderType
public record ProfileRequest(int runs, List<Integer> threads) {
    /** Timed runs per candidate when none are asked for. */
    public static final int DEFAULT_RUNS = 50;
    /** The most timed runs per candidate. */
    public static final int MAX_RUNS = 100_000;

    /**
     * Creates a request, checking its values.
     *
     * @param runs timed runs per candidate
     * @param threads thread counts to try, each 1 or more; empty for the default
     * @throws InvalidInputException when runs or a thread count is out of range
     */
    public ProfileRequest {
        if (runs < 1 || runs > MAX_RUNS) {
            throw new InvalidInputException("runs must be between 1 and " + MAX_RUNS + ", got " + runs);
        }
        threads = threads == null ? List.of() : List.copyOf(threads);
        for (Integer count : threads) {
            if (count < 1) {
                throw new InvalidInputException("thread counts must be 1 or more, got " + count);
            }
        }
    }

    /**
     * The default request: {@link #DEFAULT_RUNS} runs, the default thread counts.
     *
     * @return the request
     */
    public static ProfileRequest defaults() {
        return new ProfileRequest(DEFAULT_RUNS, List.of());
    }

    /**
     * A request for a number of timed runs and the default thread counts.
     *
     * @param runs timed runs per candidate
     * @return the request
     */
    public static ProfileRequest ofRuns(int runs) {
        return new ProfileRequest(runs, List.of());
    }
}
