package org.modelgate.monitor.metrics.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per model, the inferences served and the compute time they took, so that the energy of an interval can be shared
 * out among the models by their compute time. Written on the metrics monitor's thread, read by the energy sampler.
 */
final class ComputeShares {
    private final Map<String, AtomicLongArray> byModel = new ConcurrentHashMap<>();

    /** One served inference of {@code model} whose run took {@code computeNanos}. */
    void add(String model, long computeNanos) {
        AtomicLongArray totals = byModel.computeIfAbsent(model, m -> new AtomicLongArray(2));
        totals.incrementAndGet(0);
        totals.addAndGet(1, Math.max(0, computeNanos));
    }

    /** @return inferences and compute nanoseconds so far, per model */
    Map<String, long[]> totals() {
        Map<String, long[]> copy = new HashMap<>();
        byModel.forEach((model, totals) -> copy.put(model, new long[] { totals.get(0), totals.get(1) }));
        return copy;
    }
}
