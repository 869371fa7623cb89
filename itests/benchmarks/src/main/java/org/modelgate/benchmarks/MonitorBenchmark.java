package org.modelgate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.Tensor;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;
import org.modelgate.monitor.RecordStreamStatus;
import org.modelgate.monitor.internal.RecordStreamService;
import org.modelgate.monitor.health.internal.HealthMonitor;
import org.modelgate.monitor.metrics.internal.InferenceMetrics;
import org.modelgate.webconsole.internal.TrafficSeries;
import org.modelgate.spi.InferenceMonitor;

/**
 * Monitoring on against off: two registries (the core as SCR wires it) over copies of the same models on one
 * ONNX Runtime backend, one with the record stream and the default distribution's monitors bound (metrics, health,
 * the Web Console's Model health series), interleaved in one process.
 * Then overload: every core sends iris requests as fast as it can through the monitored registry, and the
 * records dropped at the stream and per monitor are counted.
 */
final class MonitorBenchmark {
    private final int rounds;
    private final int block;
    private double sink;

    MonitorBenchmark(int rounds, int block) {
        this.rounds = rounds;
        this.block = block;
    }

    String run(Path work, Path distribution) throws Exception {
        if (!Files.isDirectory(distribution.resolve("models").resolve(Demo.NAME))) {
            return "(monitor benchmark skipped: " + distribution + " has no models/" + Demo.NAME + ")\n";
        }
        OnnxRuntimeBackend backend = Components.construct(OnnxRuntimeBackend.class, InProcessBenchmark.BACKEND_THREADS_1);
        ModelRegistryService off = registry(work.resolve("off"), distribution, backend);
        ModelRegistryService on = registry(work.resolve("on"), distribution, backend);
        RecordStreamService stream = new RecordStreamService();
        Components.bind(stream, "addMonitor", new InferenceMetrics(), Map.of(InferenceMonitor.NAME, "metrics"));
        // the default feature list's other monitors: the health monitor (drift, latency, feedback ledger, alerts)
        // and the Web Console's Model health series
        HealthMonitor health = Components.construct(HealthMonitor.class, on, Map.of());
        Components.bind(stream, "addMonitor", health, Map.of(InferenceMonitor.NAME, "health"));
        Components.bind(stream, "addMonitor", new TrafficSeries(), Map.of(InferenceMonitor.NAME, "webconsole-model-health"));
        Components.activate(stream, Map.of());
        Components.bind1(on, "setInferenceRecordSink", stream);

        ReportTable table = new ReportTable("monitoring off", "monitoring on");
        InferenceRequest iris = InferenceRequest.of(Tensor.ofFloats("input", new long[] { 1, 4 }, Demo.SAMPLE));
        LatencySamples[] s = Interleaved.run(2000, rounds, block, () -> consume(off.infer(Demo.NAME, iris)),
                () -> consume(on.infer(Demo.NAME, iris)));
        table.row("demo " + Demo.NAME + " classifier", s[0], s[1]);
        for (int seq : new int[] { 32, 128 }) {
            InferenceRequest minilm = miniLm(seq);
            s = Interleaved.run(200, rounds, block, () -> consume(off.infer("minilm-int8", minilm)),
                    () -> consume(on.infer("minilm-int8", minilm)));
            table.row("MiniLM int8, seq " + seq, s[0], s[1]);
        }
        String overload = overload(on, stream, iris, Integer.getInteger("monitor.overload.requests", 2_000_000));
        Components.deactivate(stream);
        Components.deactivate(health);
        return health.report(Demo.NAME).map(r -> "health window of " + Demo.NAME + ": " + r.latency().count()
                + " requests, drift " + r.drift().map(d -> d.ready() ? (d.drifted() ? "drifted" : "none") : "not ready")
                        .orElse(String.valueOf(r.driftUnavailable())) + "\n").orElse("") + table + overload + "(checksum of the outputs read: " + sink + ")\n";
    }

    private String overload(ModelRegistryService on, RecordStreamStatus stream, InferenceRequest iris, int requests)
            throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        long takenBefore = stream.recordsTaken();
        long droppedBefore = stream.recordsDropped();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int i = 0; i < requests / threads; i++) {
                    on.infer(Demo.NAME, iris);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(200); // let the monitors drain
        long sent = (long) (requests / threads) * threads;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nOverload: %d threads, %d iris requests in %.1f s (%.0f req/s) with monitoring on: %d records taken,"
                        + " %d dropped at the stream (%.2f%%)",
                threads, sent, seconds, sent / seconds, stream.recordsTaken() - takenBefore,
                stream.recordsDropped() - droppedBefore, 100.0 * (stream.recordsDropped() - droppedBefore) / sent));
        for (RecordStreamStatus.MonitorStatus monitor : stream.monitors()) {
            out.append(String.format(Locale.ROOT, "; monitor %s: %d delivered, %d dropped, %d failures (since start)",
                    monitor.name(), monitor.delivered(), monitor.dropped(), monitor.failures()));
        }
        return out.append("\n\n").toString();
    }

    private static ModelRegistryService registry(Path repository, Path distribution, OnnxRuntimeBackend backend)
            throws Exception {
        MiniLm.install(repository, "minilm-int8", MiniLm.INT8, InProcessBenchmark.THREADS_1);
        Demo.install(distribution, repository, InProcessBenchmark.THREADS_1);
        ModelRegistryService registry = new ModelRegistryService();
        Components.bind(registry, "addBackend", backend, Map.of("service.id", 1L));
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false,
                "crashReports", repository.resolveSibling(repository.getFileName() + "-crash").toString())); // not ./data/crash
        registry.load("minilm-int8");
        registry.load(Demo.NAME);
        return registry;
    }

    private static InferenceRequest miniLm(int seq) {
        long[] mask = new long[seq];
        Arrays.fill(mask, 1);
        long[] shape = { 1, seq };
        return InferenceRequest.of(Tensor.ofLongs("input_ids", shape, MiniLm.tokenIds(seq, seq)),
                Tensor.ofLongs("attention_mask", shape, mask), Tensor.ofLongs("token_type_ids", shape, new long[seq]));
    }

    private void consume(org.modelgate.api.InferenceResponse response) {
        sink += response.outputs().get(0).elementCount();
    }
}
