package org.modelgate.benchmarks;

import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.Tensor;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * Modelgate's InferenceService (core + ONNX Runtime backend, as wired by SCR) against a raw OrtSession on
 * the same model file, same thread settings, interleaved in one process.
 */
final class InProcessBenchmark {
    static final String THREADS_1 = "{\"intraOpThreads\":\"1\",\"interOpThreads\":\"1\"}";
    /**
     * The backend at 1 intra-op and 1 inter-op thread: on global pools (the default) a model's own thread options
     * are ignored. {@code -Dthreading=PER_SESSION} compares the other threading.
     */
    static final Map<String, Object> BACKEND_THREADS_1 = backendThreads1();

    /** 1 intra-op, 1 inter-op thread; -Dthreading=GLOBAL|PER_SESSION and -Dspinning=false change the backend's defaults. */
    private static Map<String, Object> backendThreads1() {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of("intraOpThreads", 1, "interOpThreads", 1));
        if (!System.getProperty("threading", "").isBlank()) {
            properties.put("threading", org.modelgate.backend.onnxruntime.internal.Threading.valueOf(System.getProperty("threading")));
        }
        if (!System.getProperty("spinning", "").isBlank()) {
            properties.put("allowSpinning", Boolean.parseBoolean(System.getProperty("spinning")));
        }
        return Map.copyOf(properties);
    }

    private final int rounds;
    private final int block;
    private OrtEnvironment env; // taken after the backend made it, with its global pools, as in the gateway
    private double sink;

    InProcessBenchmark(int rounds, int block) {
        this.rounds = rounds;
        this.block = block;
    }

    String run(Path work, Path distribution) throws Exception {
        Path repository = work.resolve("models");
        Path int8 = MiniLm.install(repository, "minilm-int8", MiniLm.INT8, THREADS_1);
        Path iris = Files.isDirectory(distribution.resolve("models").resolve(Demo.NAME))
                ? Demo.install(distribution, repository, THREADS_1) : null;

        ModelRegistryService registry = new ModelRegistryService();
        OnnxRuntimeBackend backend = Components.construct(OnnxRuntimeBackend.class, BACKEND_THREADS_1);
        env = OrtEnvironment.getEnvironment();
        Components.bind(registry, "addBackend", backend, Map.of("service.id", 1L));
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false));
        registry.load("minilm-int8");
        if (iris != null) {
            registry.load(Demo.NAME);
        }

        ReportTable table = new ReportTable("raw ORT", "Modelgate");
        try (OrtSession raw = rawSession(int8)) {
            for (int seq : new int[] { 32, 128 }) {
                long[] ids = MiniLm.tokenIds(seq, seq);
                long[] mask = new long[seq];
                Arrays.fill(mask, 1);
                long[] types = new long[seq];
                long[] shape = { 1, seq };
                InferenceRequest request = InferenceRequest.of(Tensor.ofLongs("input_ids", shape, ids),
                        Tensor.ofLongs("attention_mask", shape, mask), Tensor.ofLongs("token_type_ids", shape, types));
                LatencySamples[] s = Interleaved.run(200, rounds, block, () -> {
                    Map<String, OnnxTensor> inputs = new HashMap<>();
                    inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
                    inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
                    inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
                    runRaw(raw, inputs);
                }, () -> consume(registry.infer("minilm-int8", request)));
                table.row("MiniLM int8, seq " + seq, s[0], s[1]);
            }
        }
        if (iris == null) {
            registry.unload("minilm-int8");
            return table + "(demo model skipped: " + distribution + " has no models/" + Demo.NAME + ")\n";
        }
        try (OrtSession raw = rawSession(iris)) {
            float[] sample = Demo.SAMPLE;
            long[] shape = { 1, sample.length };
            String input = raw.getInputNames().iterator().next();
            InferenceRequest request = InferenceRequest.of(Tensor.ofFloats(input, shape, sample));
            LatencySamples[] s = Interleaved.run(500, rounds, block, () -> {
                Map<String, OnnxTensor> inputs = new HashMap<>();
                inputs.put(input, OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(sample), shape));
                runRaw(raw, inputs);
            }, () -> consume(registry.infer("iris", request)));
            table.row("demo " + Demo.NAME + " classifier", s[0], s[1]);
        }
        registry.unload("minilm-int8");
        registry.unload(Demo.NAME);
        return table + "(checksum of the outputs read: " + sink + ")\n";
    }

    private OrtSession rawSession(Path model) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return env.createSession(model.toString(), options);
        }
    }

    /** What a plain ORT user does per request: run, copy every output out, close everything. */
    private void runRaw(OrtSession session, Map<String, OnnxTensor> inputs) throws Exception {
        try (OrtSession.Result result = session.run(inputs)) {
            for (Map.Entry<String, OnnxValue> output : result) {
                if (output.getValue() instanceof OnnxTensor tensor) {
                    ByteBuffer bytes = tensor.getByteBuffer();
                    sink += bytes.get(0);
                } else {
                    sink += output.getValue().getValue().hashCode();
                }
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private void consume(InferenceResponse response) {
        sink += response.outputs().get(0).elementCount();
    }


}
