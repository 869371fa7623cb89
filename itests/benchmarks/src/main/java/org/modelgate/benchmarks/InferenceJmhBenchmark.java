package org.modelgate.benchmarks;

import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * JMH view of the in-process comparison (sample mode gives p50/p99): Modelgate's InferenceService against
 * a raw OrtSession on MiniLM int8. JMH runs the two one after the other, so on a noisy host prefer the
 * interleaved harness ({@link Benchmarks} inprocess) for ratios; this one is for profilers (-prof).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InferenceJmhBenchmark {
    @Param({ "32", "128" })
    public int sequenceLength;

    private OrtEnvironment env; // taken after the backend made it, with its global pools, as in the gateway
    private OrtSession raw;
    private ModelRegistryService registry;
    private InferenceRequest request;
    private long[] ids;
    private long[] mask;
    private long[] types;
    private long[] shape;

    @Setup
    public void setUp() throws Exception {
        Path repository = Files.createTempDirectory("modelgate-jmh");
        Path model = MiniLm.install(repository, "minilm-int8", MiniLm.INT8, InProcessBenchmark.THREADS_1);
        registry = new ModelRegistryService();
        Components.bind(registry, "addBackend", Components.construct(OnnxRuntimeBackend.class, InProcessBenchmark.BACKEND_THREADS_1), Map.of("service.id", 1L));
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false));
        registry.load("minilm-int8");
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            raw = env.createSession(model.toString(), options);
        }
        request = GatewayBenchmark.miniLmRequest(sequenceLength);
        ids = MiniLm.tokenIds(sequenceLength, sequenceLength);
        mask = new long[sequenceLength];
        Arrays.fill(mask, 1);
        types = new long[sequenceLength];
        shape = new long[] { 1, sequenceLength };
    }

    @TearDown
    public void tearDown() throws Exception {
        registry.unload("minilm-int8");
        raw.close();
    }

    @Benchmark
    public float rawOrtSession() throws Exception {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
        inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
        try (OrtSession.Result result = raw.run(inputs)) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Benchmark
    public InferenceResponse modelgateInferenceService() {
        return registry.infer("minilm-int8", request);
    }
}
