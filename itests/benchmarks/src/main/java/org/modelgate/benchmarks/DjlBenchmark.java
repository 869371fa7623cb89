package org.modelgate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.Tensor;
import org.modelgate.backend.djl.internal.DjlBackend;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;

/**
 * The djl backend against the onnxruntime backend: one registry with both, the same MiniLM int8 file loaded on each
 * ({@code "backend"} in model.json), one intra-op thread, requests through InferenceService interleaved in one process.
 * The ratio is DJL's cost (NDArrays, a pooled Predictor, the block) over the onnxruntime backend's direct path.
 */
final class DjlBenchmark {
    private final int rounds;
    private final int block;
    private double sink;

    DjlBenchmark(int rounds, int block) {
        this.rounds = rounds;
        this.block = block;
    }

    String run(Path work) throws Exception {
        Path repository = work.resolve("djl-models");
        install(repository, "minilm-ort", "onnxruntime");
        install(repository, "minilm-djl", "djl");

        ModelRegistryService registry = new ModelRegistryService();
        OnnxRuntimeBackend ort = Components.construct(OnnxRuntimeBackend.class, Map.of());
        DjlBackend djl = new DjlBackend((DjlBackend.Config) Components.config(DjlBackend.Config.class,
                Map.of("cacheDir", Files.createDirectories(work.resolve("djl-cache")).toString())), null);
        Components.bind(registry, "addBackend", ort, Map.of("service.id", 1L));
        Components.bind(registry, "addBackend", djl, Map.of("service.id", 2L));
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false));
        registry.load("minilm-ort");
        registry.load("minilm-djl");
        check(registry, "minilm-ort", "onnxruntime");
        check(registry, "minilm-djl", "djl");

        ReportTable table = new ReportTable("onnxruntime backend", "djl backend");
        for (int seq : new int[] {32, 128}) {
            InferenceRequest request = request(seq);
            LatencySamples[] s = Interleaved.run(200, rounds, block,
                    () -> consume(registry.infer("minilm-ort", request)),
                    () -> consume(registry.infer("minilm-djl", request)));
            table.row("MiniLM int8, seq " + seq, s[0], s[1]);
        }
        registry.unload("minilm-ort");
        registry.unload("minilm-djl");
        return table + "(both at 1 intra-op thread; checksum of the outputs read: " + sink + ")\n";
    }

    private static void install(Path repository, String name, String backend) throws Exception {
        Path model = MiniLm.install(repository, name, MiniLm.INT8, InProcessBenchmark.THREADS_1).getParent();
        String json = Files.readString(model.resolve("model.json"));
        Files.writeString(model.resolve("model.json"), json.replaceFirst("\\}$", ",\"backend\":\"" + backend + "\"}"));
    }

    private static void check(ModelRegistryService registry, String model, String backend) {
        String actual = registry.model(model).orElseThrow().backend();
        if (!backend.equals(actual)) {
            throw new IllegalStateException(model + " is served by " + actual + ", expected " + backend);
        }
    }

    private static InferenceRequest request(int seq) {
        long[] ids = MiniLm.tokenIds(seq, seq);
        long[] mask = new long[seq];
        Arrays.fill(mask, 1);
        long[] shape = {1, seq};
        return InferenceRequest.of(Tensor.ofLongs("input_ids", shape, ids), Tensor.ofLongs("attention_mask", shape, mask),
                Tensor.ofLongs("token_type_ids", shape, new long[seq]));
    }

    private void consume(InferenceResponse response) {
        sink += response.outputs().get(0).elementCount();
    }
}
