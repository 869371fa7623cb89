package org.modelgate.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the dynamic batcher of one loaded model version did (model.json {@code "batching"}): how many requests
 * waited in its queue and for how long, and how many backend runs it made of each batch size.
 *
 * <p>A batch's size is its rows (the first dimension summed over its requests), as Triton counts it. Counts start at
 * zero when the version loads and go with it when it closes.
 *
 * <pre>{@code
 * for (BatchStatistics stats : registry.batchStatistics("minilm")) {
 *     stats.sizes().forEach(s -> System.out.println(s.batchSize() + " rows: " + s.executions() + " runs"));
 * }
 * }</pre>
 *
 * @param model the model name
 * @param version the version
 * @param maxBatch the most rows the batcher puts into one run
 * @param queuedRequests requests that went through the queue
 * @param queueNanos their time in the queue, summed, in nanoseconds
 * @param sizes the runs per batch size, smallest size first; sizes that never ran are left out
 * @since 1.12.0
 */
@ProviderType
public record BatchStatistics(String model, String version, int maxBatch, long queuedRequests, long queueNanos,
        List<BatchSize> sizes) {
    /**
     * Creates statistics, copying the sizes.
     *
     * @param model the model
     * @param version the version
     * @param maxBatch the most rows in one run
     * @param queuedRequests requests queued
     * @param queueNanos their queue time in nanoseconds
     * @param sizes runs per batch size
     */
    public BatchStatistics {
        sizes = List.copyOf(sizes);
    }

    /**
     * The backend runs of one batch size.
     *
     * @param batchSize the rows in each run
     * @param executions how many runs had that many rows
     * @param computeNanos their backend time, summed, in nanoseconds
     */
    public record BatchSize(int batchSize, long executions, long computeNanos) {
    }

    /**
     * All runs, of any size.
     *
     * @return the number of backend runs
     */
    public long executions() {
        return sizes.stream().mapToLong(BatchSize::executions).sum();
    }

    /**
     * All rows run, of any batch size.
     *
     * @return the rows summed over every run
     */
    public long rows() {
        return sizes.stream().mapToLong(s -> s.batchSize() * s.executions()).sum();
    }
}
