package org.modelgate.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.modelgate.api.BatchStatistics;

/**
 * Triton's statistics extension, counted for the inferences served over this REST endpoint: per model version,
 * successes and failures with their durations, and the time spent reading the request into tensors
 * (compute_input), running the model (compute_infer) and writing the response (compute_output). A model that does not
 * batch runs each request on the caller's thread: queue time is 0 and every request is one execution. For a version
 * that batches (model.json {@code "batching"}), {@code queue}, {@code execution_count} and {@code batch_stats} come
 * from the core's batcher ({@link BatchStatistics}) and so count every request it queued, whichever interface sent
 * it; {@code batch_stats} has one entry per batch size that ran, its {@code compute_infer} the backend runs of that
 * size (a batch's compute_input and compute_output happen per request, counted above, so their ns are 0 here).
 *
 * <p>Counting takes no lock and allocates nothing once a version has its entry; entries are made only for models the
 * registry knows, so unknown names cannot grow the table.
 */
final class InferenceStatistics {
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, VersionStatistics>> models = new ConcurrentHashMap<>();

    /** One served request: the nanoTime marks at its start, after reading, after the model, after writing. */
    void success(String model, String version, long start, long read, long inferred, long written) {
        VersionStatistics stats = of(model, version);
        stats.success.add(written - start);
        stats.computeInput.add(read - start);
        stats.computeInfer.add(inferred - read);
        stats.computeOutput.add(written - inferred);
        stats.lastInference = System.currentTimeMillis();
    }

    /** One failed request of a known model version, {@code nanos} long. */
    void failure(String model, String version, long nanos) {
        of(model, version).fail.add(nanos);
    }

    /**
     * The statistics of a model as Triton's {@code model_stats} entries: every version that has some, and the given
     * ones (the loaded versions) with zeros when they have none yet.
     */
    List<Map<String, Object>> of(String model, List<String> loaded, String onlyVersion) {
        return of(model, loaded, onlyVersion, List.of());
    }

    /** As {@link #of(String, List, String)}, with what the batchers of the model's loaded versions did. */
    List<Map<String, Object>> of(String model, List<String> loaded, String onlyVersion, List<BatchStatistics> batches) {
        Map<String, VersionStatistics> versions = models.getOrDefault(model, new ConcurrentHashMap<>());
        List<String> names = new ArrayList<>(loaded);
        versions.keySet().stream().filter(v -> !names.contains(v)).sorted().forEach(names::add);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (String version : names) {
            if (onlyVersion == null || onlyVersion.equals(version)) {
                BatchStatistics batch = batches.stream().filter(b -> b.version().equals(version)).findFirst().orElse(null);
                entries.add(entry(model, version, versions.getOrDefault(version, new VersionStatistics()), batch));
            }
        }
        return entries;
    }

    private VersionStatistics of(String model, String version) {
        ConcurrentHashMap<String, VersionStatistics> versions = models.get(model);
        if (versions == null) {
            versions = models.computeIfAbsent(model, m -> new ConcurrentHashMap<>());
        }
        String key = version == null ? "" : version;
        VersionStatistics stats = versions.get(key);
        return stats != null ? stats : versions.computeIfAbsent(key, v -> new VersionStatistics());
    }

    private static Map<String, Object> entry(String model, String version, VersionStatistics stats, BatchStatistics batch) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", model);
        entry.put("version", version);
        entry.put("last_inference", stats.lastInference);
        long served = stats.success.count.sum();
        entry.put("inference_count", served);
        entry.put("execution_count", batch == null ? served : batch.executions());
        Map<String, Object> inference = new LinkedHashMap<>();
        inference.put("success", stats.success.json());
        inference.put("fail", stats.fail.json());
        inference.put("queue", batch == null ? stats.queue.json() : Duration.json(batch.queuedRequests(), batch.queueNanos()));
        inference.put("compute_input", stats.computeInput.json());
        inference.put("compute_infer", stats.computeInfer.json());
        inference.put("compute_output", stats.computeOutput.json());
        inference.put("cache_hit", stats.cacheHit.json());
        inference.put("cache_miss", stats.cacheMiss.json());
        entry.put("inference_stats", inference);
        entry.put("batch_stats", batch == null ? List.of() : batchStats(batch));
        return entry;
    }

    /** Triton's {@code batch_stats}: per batch size, the backend runs. */
    private static List<Map<String, Object>> batchStats(BatchStatistics batch) {
        List<Map<String, Object>> sizes = new ArrayList<>();
        for (BatchStatistics.BatchSize size : batch.sizes()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("batch_size", size.batchSize());
            entry.put("compute_input", Duration.json(size.executions(), 0));
            entry.put("compute_infer", Duration.json(size.executions(), size.computeNanos()));
            entry.put("compute_output", Duration.json(size.executions(), 0));
            sizes.add(entry);
        }
        return sizes;
    }

    /** The counters of one model version. */
    private static final class VersionStatistics {
        final Duration success = new Duration();
        final Duration fail = new Duration();
        final Duration queue = new Duration();
        final Duration computeInput = new Duration();
        final Duration computeInfer = new Duration();
        final Duration computeOutput = new Duration();
        final Duration cacheHit = new Duration();
        final Duration cacheMiss = new Duration();
        volatile long lastInference;
    }

    /** Triton's {@code {"count", "ns"}}. */
    private static final class Duration {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();

        void add(long ns) {
            count.increment();
            nanos.add(ns);
        }

        Map<String, Object> json() {
            return json(count.sum(), nanos.sum());
        }

        static Map<String, Object> json(long count, long nanos) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("count", count);
            json.put("ns", nanos);
            return json;
        }
    }
}
