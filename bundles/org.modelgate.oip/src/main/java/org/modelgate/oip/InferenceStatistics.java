package org.modelgate.oip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.modelgate.api.BatchStatistics;
import org.modelgate.api.ChallengerInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;

/**
 * Triton's statistics extension, counted by every transport that serves OIP inference (REST's {@code /v2}, the gRPC
 * service) into one table, so {@code GET /v2/models/{name}/stats} and gRPC's {@code ModelStatistics} answer the same
 * figures: per model version, successes and failures with their durations, and the time spent reading the request
 * into tensors (compute_input), running the model (compute_infer) and writing the response (compute_output). A model
 * that does not batch runs each request on the caller's thread: queue time is 0 and every request is one execution.
 * For a version that batches (model.json {@code "batching"}), {@code queue}, {@code execution_count} and
 * {@code batch_stats} come from the core's batcher ({@link BatchStatistics}) and so count every request it queued,
 * whichever interface sent it; {@code batch_stats} has one entry per batch size that ran, its {@code compute_infer} the
 * backend runs of that size (a batch's compute_input and compute_output happen per request, counted above, so their
 * ns are 0 there).
 *
 * <p>In a framework one table is shared: this bundle registers one instance as an {@code InferenceStatistics}
 * service, and the transports count into it. Counting takes no lock and allocates nothing once a version has its
 * entry; the transports count only versions the registry knows, so unknown names cannot grow the table.
 *
 * <pre>
 * long start = System.nanoTime();   // then read, infer, write, marking each step
 * statistics.success("iris", "1.0.0", start, read, inferred, System.nanoTime());
 * List&lt;Map&lt;String, Object&gt;&gt; entries = statistics.modelStats(registry, "iris", null); // "model_stats"
 * </pre>
 *
 * @since 1.4
 */
public class InferenceStatistics {
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, VersionStatistics>> models = new ConcurrentHashMap<>();

    /** An empty table (tests, and a transport running outside a framework). */
    public InferenceStatistics() {
    }

    /**
     * Counts one served request from the {@link System#nanoTime()} marks at its start, after reading, after the
     * model, after writing.
     *
     * @param model the model's name
     * @param version the version that served it
     * @param start at the start of the request
     * @param read once the inputs were read into tensors
     * @param inferred once the model ran
     * @param written once the response was written
     */
    public void success(String model, String version, long start, long read, long inferred, long written) {
        VersionStatistics stats = of(model, version);
        stats.success.add(written - start);
        stats.computeInput.add(read - start);
        stats.computeInfer.add(inferred - read);
        stats.computeOutput.add(written - inferred);
        stats.lastInference = System.currentTimeMillis();
    }

    /**
     * Counts one failed request against the version it was for ({@code version}, else the active one), when the
     * registry knows the model and that version; a request for an unknown model or version is not counted.
     *
     * @param registry the models
     * @param model the model the request named
     * @param version the version it named, or null (the active one)
     * @param nanos how long it took to fail
     */
    public void failure(ModelRegistry registry, String model, String version, long nanos) {
        ModelInfo info = registry == null || model == null ? null : registry.model(model).orElse(null);
        if (info == null) {
            return;
        }
        String counted = version == null || version.isEmpty() ? info.version() : version;
        if (counted != null && info.versions().contains(counted)) {
            of(info.name(), counted).fail.add(nanos);
        }
    }

    /**
     * Triton's {@code model_stats} entries: for every model when {@code model} is null or empty; else for that
     * model, each loaded version (the active one when ready, a traffic policy's challenger) and every version with
     * counts, or only {@code version} when given (zeros when it never served).
     *
     * @param registry the models, their loaded versions and their batchers' statistics
     * @param model a model's name, or null or "" for all
     * @param version a version of that model, or null or "" for all
     * @return one entry per model version, as JSON-ready maps: {@code name}, {@code version}, {@code last_inference}
     *         (ms since the epoch), {@code inference_count}, {@code execution_count}, {@code inference_stats}
     *         ({@code success}, {@code fail}, {@code queue}, {@code compute_input}, {@code compute_infer},
     *         {@code compute_output}, {@code cache_hit}, {@code cache_miss}, each {@code {"count", "ns"}}) and
     *         {@code batch_stats}
     * @throws ModelNotFoundException for an unknown model, or a version the model does not have
     */
    public List<Map<String, Object>> modelStats(ModelRegistry registry, String model, String version) {
        List<Map<String, Object>> entries = new ArrayList<>();
        if (model == null || model.isEmpty()) {
            for (ModelInfo info : registry.models()) {
                entries.addAll(of(info.name(), loaded(registry, info), null, registry.batchStatistics(info.name())));
            }
            return entries;
        }
        ModelInfo info = TritonModelConfig.find(registry, model, version);
        String only = version == null || version.isEmpty() ? null : version;
        entries.addAll(of(info.name(), loaded(registry, info), only, registry.batchStatistics(info.name())));
        if (entries.isEmpty() && only != null) { // a version installed that never served nor is loaded: zeros
            entries.addAll(of(info.name(), List.of(only), only, List.of()));
        }
        return entries;
    }

    /** The versions loaded: the active one while the model is ready, and a traffic policy's challenger. */
    private static List<String> loaded(ModelRegistry registry, ModelInfo model) {
        List<String> loaded = new ArrayList<>();
        if (model.version() != null && model.isReady()) {
            loaded.add(model.version());
        }
        String challenger = registry.challenger(model.name()).map(ChallengerInfo::version).orElse(null);
        if (challenger != null && !loaded.contains(challenger)) {
            loaded.add(challenger);
        }
        return loaded;
    }

    private List<Map<String, Object>> of(String model, List<String> loaded, String onlyVersion, List<BatchStatistics> batches) {
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
        inference.put("queue", batch == null ? Duration.json(0, 0) : Duration.json(batch.queuedRequests(), batch.queueNanos()));
        inference.put("compute_input", stats.computeInput.json());
        inference.put("compute_infer", stats.computeInfer.json());
        inference.put("compute_output", stats.computeOutput.json());
        inference.put("cache_hit", Duration.json(0, 0)); // no response cache
        inference.put("cache_miss", Duration.json(0, 0));
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
        final Duration computeInput = new Duration();
        final Duration computeInfer = new Duration();
        final Duration computeOutput = new Duration();
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
