package org.modelgate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.modelgate.api.BatchStatistics;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.Tensor;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;

/**
 * Dynamic batching (model.json {@code "batching"}) against the same model without it: MiniLM (fp32 by default,
 * {@code -Dbatching.model=int8}) at seq 32 (-Dbatching.seq), served by core + the ONNX Runtime backend in this
 * process, called by 1, 4 and 16 client threads that each send one row at a time and wait for the answer (closed
 * loop). Both models load the same file with the same thread settings (intra-op threads = the cores); the sides
 * alternate in {@code -Dbatching.rounds} rounds of {@code -Dbatching.seconds} each.
 */
final class BatchingBenchmark {
    static final String BATCHING = "{\"max_batch\": 16, \"preferred_sizes\": [4, 8, 16], \"max_queue_delay_us\": 500}";
    private static final int[] CLIENTS = { 1, 4, 16 };
    private final int rounds = Integer.getInteger("batching.rounds", 3);
    private final double seconds = Double.parseDouble(System.getProperty("batching.seconds", "4"));
    private final int seq = Integer.getInteger("batching.seq", 32);
    private double sink;

    String run(Path work) throws Exception {
        String which = System.getProperty("batching.workload", "cnn,minilm");
        StringBuilder out = new StringBuilder();
        if (which.contains("cnn")) {
            out.append(run(work.resolve("cnn"), "cnn")).append('\n');
        }
        if (which.contains("minilm")) {
            out.append(run(work.resolve("minilm"), "minilm"));
        }
        return out.toString();
    }

    private String run(Path repository, String workload) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        boolean cnn = workload.equals("cnn");
        String resource = System.getProperty("batching.model", "fp32").equals("int8") ? MiniLm.INT8 : MiniLm.FP32;
        String options = "{\"intraOpThreads\":\"" + cores + "\",\"interOpThreads\":\"1\"}";
        for (String name : new String[] { "plain", "batched" }) {
            Path dir = Files.createDirectories(repository.resolve(name).resolve("1.0.0"));
            if (cnn) {
                Files.write(dir.resolve("model.onnx"), WiderCnn.model().toByteArray());
            } else {
                MiniLm.install(repository, name, resource, options);
            }
            Files.writeString(dir.resolve("model.json"), "{\"name\":\"" + name + "\",\"version\":\"1.0.0\",\"format\":\"onnx\","
                    + "\"file\":\"model.onnx\",\"options\":" + options
                    + (name.equals("batched") ? ",\"batching\":" + BATCHING : "") + "}");
        }
        requests = cnn ? this::pixels : this::sentence;

        ModelRegistryService registry = new ModelRegistryService();
        OnnxRuntimeBackend backend = Components.construct(OnnxRuntimeBackend.class, Map.of());
        Components.bind(registry, "addBackend", backend, Map.of("service.id", 1L));
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false));
        registry.load("plain");
        registry.load("batched");

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s, intra-op threads %d, batching %s, %d rounds x %.1f s per side%n%n",
                cnn ? "CNN (WiderCnn: 8x8 digits, Conv 1->64, Conv 64->64, MaxPool, Gemm; FP32 [batch, 64])"
                        : "MiniLM " + (resource.contains("-q") ? "int8" : "fp32") + " seq " + seq,
                cores, BATCHING, rounds, seconds));
        out.append(String.format(Locale.ROOT, "max |batched - unbatched| over 16 requests' outputs: %.3g%n%n", parity(registry)));
        out.append("| clients | off req/s | on req/s | throughput ratio | off p50 ms | on p50 ms | off p99 ms | on p99 ms | mean rows per run (on) |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (int clients : CLIENTS) {
            Side off = new Side();
            Side on = new Side();
            long runsBefore = executions(registry);
            long rowsBefore = rows(registry);
            measure(registry, "plain", clients, 1.0); // warm-up
            measure(registry, "batched", clients, 1.0);
            runsBefore = executions(registry);
            rowsBefore = rows(registry);
            for (int r = 0; r < rounds; r++) {
                off.add(measure(registry, "plain", clients, seconds));
                on.add(measure(registry, "batched", clients, seconds));
            }
            double meanRows = (rows(registry) - rowsBefore) / (double) Math.max(1, executions(registry) - runsBefore);
            out.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | x%.2f | %.3f | %.3f | %.3f | %.3f | %.2f |%n", clients,
                    off.rate(), on.rate(), on.rate() / off.rate(), off.samples.percentileMillis(50),
                    on.samples.percentileMillis(50), off.samples.percentileMillis(99), on.samples.percentileMillis(99), meanRows));
        }
        registry.unload("plain");
        registry.unload("batched");
        return out + "(checksum of the outputs read: " + sink + ")\n";
    }

    private static long executions(ModelRegistryService registry) {
        return registry.batchStatistics("batched").stream().mapToLong(BatchStatistics::executions).sum();
    }

    private static long rows(ModelRegistryService registry) {
        return registry.batchStatistics("batched").stream().mapToLong(BatchStatistics::rows).sum();
    }

    private java.util.function.IntFunction<InferenceRequest> requests;

    private InferenceRequest request(int client) {
        return requests.apply(client);
    }

    /** An 8x8 image of random pixels in 0..16, as the digits data has them. */
    private InferenceRequest pixels(int client) {
        java.util.Random random = new java.util.Random(client);
        float[] values = new float[64];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(17);
        }
        return InferenceRequest.of(Tensor.ofFloats("pixels", new long[] { 1, 64 }, values));
    }

    private InferenceRequest sentence(int client) {
        long[] shape = { 1, seq };
        long[] mask = new long[seq];
        Arrays.fill(mask, 1);
        return InferenceRequest.of(Tensor.ofLongs("input_ids", shape, MiniLm.tokenIds(seq, client)),
                Tensor.ofLongs("attention_mask", shape, mask), Tensor.ofLongs("token_type_ids", shape, new long[seq]));
    }

    /** The largest difference between the batched and the unbatched answer, 16 requests sent at once. */
    private double parity(ModelRegistryService registry) throws Exception {
        double[] worst = new double[1];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            InferenceRequest request = request(c);
            Thread thread = new Thread(() -> {
                float[] batched = registry.infer("batched", request).outputs().get(0).toFloatArray();
                float[] plain = registry.infer("plain", request).outputs().get(0).toFloatArray();
                double max = 0;
                for (int i = 0; i < plain.length; i++) {
                    max = Math.max(max, Math.abs(batched[i] - plain[i]));
                }
                synchronized (worst) {
                    worst[0] = Math.max(worst[0], max);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return worst[0];
    }

    /** Closed loop: each client sends its next request when it got the last answer, for {@code seconds}. */
    private Run measure(ModelRegistryService registry, String model, int clients, double seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        LatencySamples[] samples = new LatencySamples[clients];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            samples[c] = new LatencySamples();
            InferenceRequest request = request(c);
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                double local = 0;
                while (!stop.get()) {
                    long start = System.nanoTime();
                    local += registry.infer(model, request).outputs().get(0).elementCount();
                    samples[client].add(System.nanoTime() - start);
                }
                synchronized (this) {
                    sink += local;
                }
            });
            threads.add(thread);
            thread.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - start;
        return new Run(samples, elapsed);
    }

    private record Run(LatencySamples[] samples, long nanos) {
    }

    /** One side's runs of one client count, together. */
    private static final class Side {
        final LatencySamples samples = new LatencySamples();
        long requests;
        long nanos;

        void add(Run run) {
            for (LatencySamples s : run.samples()) {
                requests += s.count();
                s.forEach(samples::add);
            }
            nanos += run.nanos();
        }

        double rate() {
            return requests / (nanos / 1e9);
        }
    }
}
