package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.BatchStatistics;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.Tensor;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.Json;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.OipClient;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.modelgate.itests.support.TrafficModels;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Feature: dynamic batching (model.json {@code "batching"}) on a model no one here wrote: all-MiniLM-L6-v2 fp32 from
 * the langchain4j jar, whose inputs and outputs are {@code [batch, sequence(, 384)]}.
 *
 * <p>16 callers send their own sentence at once to a copy of MiniLM that batches with {@code preferred_sizes [16]}
 * and a long queue delay, so the 16 requests make exactly one run of 16 rows (deterministic, no timing involved).
 * Each caller must get exactly its own answer, equal to what the same model without batching answers for its
 * request alone; the batch shows in the core's statistics, in Triton's {@code /stats} and in {@code /metrics}. A
 * model whose first dimension is fixed ({@code [1,4]}) and asks for batching is refused with the reason.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DynamicBatchingIT {
    private static final String PLAIN = "minilm";
    private static final String BATCHED = "minilm-batched";
    private static final String FIXED = "fixed-batched";
    private static final int CALLERS = 16;
    private static final int SEQ = 16;
    /**
     * ONNX Runtime's kernels may block a 16-row product differently from a 1-row one, so the answers agree to float
     * rounding, not bit for bit; the largest difference seen is printed.
     */
    private static final double TOLERANCE = 1e-4;

    @Inject
    private BundleContext context;

    private Gateway gateway;

    @Configuration
    public Option[] config() {
        Path repository = TestModels.emptyRepository(DynamicBatchingIT.class);
        TestModels.addOnnxModel(repository, PLAIN, "1.0.0", TestModels.MINILM_FP32);
        Path batched = TestModels.addOnnxModel(repository, BATCHED, "1.0.0", TestModels.MINILM_FP32).getParent();
        TrafficModels.add(repository, FIXED, "1.0.0", TrafficModels.Kind.DOUBLE);
        try {
            Files.writeString(batched.resolve("model.json"), "{\"name\": \"" + BATCHED + "\", \"version\": \"1.0.0\", "
                    + "\"format\": \"onnx\", \"file\": \"model.onnx\", \"batching\": {\"max_batch\": 16, "
                    + "\"preferred_sizes\": [16], \"max_queue_delay_us\": 10000000}}\n", StandardCharsets.UTF_8);
            Path fixed = repository.resolve(FIXED).resolve("1.0.0");
            Files.writeString(fixed.resolve("model.json"), "{\"name\": \"" + FIXED + "\", \"version\": \"1.0.0\", "
                    + "\"format\": \"onnx\", \"file\": \"model.onnx\", \"batching\": {\"max_batch\": 8}}\n", StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return options(
                Platform.felix(DynamicBatchingIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.rest(Platform.freePort()),
                Platform.monitor(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()));
    }

    @Before
    public void givenTheModelsLoaded() {
        gateway = new Gateway(context);
        Path repository = Path.of(System.getProperty(TestModels.REPOSITORY));
        gateway.configureRegistry(repository, PLAIN, BATCHED, FIXED);
        gateway.awaitModel(PLAIN, ModelState.READY);
        gateway.awaitModel(BATCHED, ModelState.READY);
    }

    @Test
    public void sixteenConcurrentCallersEachGetTheirOwnAnswerInOneBatch() throws Exception {
        List<InferenceRequest> requests = new ArrayList<>();
        List<float[]> alone = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            requests.add(sentence(c));
            alone.add(gateway.inference().infer(PLAIN, requests.get(c)).output("last_hidden_state").toFloatArray());
        }
        long runsBefore = runsOf16();

        List<InferenceResponse> answers = whenCallersSendAtOnce(requests);

        double worst = 0;
        for (int c = 0; c < CALLERS; c++) {
            Tensor output = answers.get(c).output("last_hidden_state");
            assertEquals("caller " + c + " gets its one row", List.of(1L, (long) SEQ, 384L),
                    java.util.Arrays.stream(output.shape()).boxed().toList());
            float[] batched = output.toFloatArray();
            for (int i = 0; i < batched.length; i++) {
                double difference = Math.abs(batched[i] - alone.get(c)[i]);
                worst = Math.max(worst, difference);
                if (difference > TOLERANCE) {
                    throw new AssertionError("caller " + c + " value " + i + ": batched " + batched[i] + ", alone "
                            + alone.get(c)[i]);
                }
            }
            assertTrue("caller " + c + "'s answer differs from caller " + (c + 1) % CALLERS + "'s",
                    !java.util.Arrays.equals(batched, alone.get((c + 1) % CALLERS)));
        }
        System.out.println("DynamicBatchingIT: largest |batched - alone| over " + CALLERS + " callers: " + worst);
        assertEquals("one more run of 16 rows", runsBefore + 1, runsOf16());
    }

    @Test
    public void theBatchesShowInStatisticsConfigAndMetrics() throws Exception {
        List<InferenceRequest> requests = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            requests.add(sentence(100 + c));
        }
        whenCallersSendAtOnce(requests);
        OipClient client = new OipClient();
        client.awaitServing("/v2/health/live");

        OipClient.Reply stats = client.get("/v2/models/" + BATCHED + "/stats");
        assertEquals("stats: " + stats, 200, stats.status());
        Map<String, Object> entry = first(stats.json().get("model_stats"));
        List<Map<String, Object>> sizes = list(entry.get("batch_stats"));
        Map<String, Object> sixteen = sizes.stream().filter(s -> number(s.get("batch_size")) == 16)
                .findFirst().orElseThrow(() -> new AssertionError("no batch of 16 in " + stats));
        assertTrue("runs of 16: " + stats, count(sixteen.get("compute_infer")) >= 1);
        assertTrue("queued requests: " + stats, count(map(entry.get("inference_stats")).get("queue")) >= CALLERS);

        OipClient.Reply config = client.get("/v2/models/" + BATCHED + "/config");
        assertEquals("config: " + config, 200, config.status());
        assertEquals(16, number(config.json().get("max_batch_size")));
        assertEquals(List.of(16L), list(map(config.json().get("dynamic_batching")).get("preferred_batch_size")).stream()
                .map(DynamicBatchingIT::number).toList());

        String metrics = Gateway.await("modelgate_batch_size on /metrics", () -> {
            OipClient.Reply reply = client.get("/metrics");
            return reply.body().contains("modelgate_batch_size_bucket{model=\"" + BATCHED + "\",version=\"1.0.0\",le=\"16.0\"}")
                    ? reply.body() : null;
        });
        assertTrue("no run of 8 rows or fewer, all of 16: " + metrics, metrics.contains(
                "modelgate_batch_size_bucket{model=\"" + BATCHED + "\",version=\"1.0.0\",le=\"8.0\"} 0"));
    }

    @Test
    public void aModelWithAFixedFirstDimensionIsRefusedWithTheReason() {
        ModelInfo fixed = gateway.awaitModel(FIXED, ModelState.FAILED);

        assertTrue("reason: " + fixed.reason(), fixed.reason().contains("input 'x' is FP32[1,4], its first dimension is "
                + "not free; dynamic batching needs a free first (batch) dimension on every input and output"));
    }

    /** Sentence {@code seed}: [CLS], SEQ - 2 words, [SEP], as one row of each MiniLM input. */
    private static InferenceRequest sentence(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] ids = new long[SEQ];
        long[] mask = new long[SEQ];
        for (int i = 0; i < SEQ; i++) {
            ids[i] = i == 0 ? 101 : i == SEQ - 1 ? 102 : random.nextInt(1000, MiniLm.VOCABULARY);
            mask[i] = 1;
        }
        long[] shape = { 1, SEQ };
        return InferenceRequest.of(Tensor.ofLongs("input_ids", shape, ids), Tensor.ofLongs("attention_mask", shape, mask),
                Tensor.ofLongs("token_type_ids", shape, new long[SEQ]));
    }

    private List<InferenceResponse> whenCallersSendAtOnce(List<InferenceRequest> requests) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<InferenceResponse>> futures = new ArrayList<>();
            for (InferenceRequest request : requests) {
                futures.add(callers.submit(() -> {
                    go.await();
                    return gateway.inference().infer(BATCHED, request);
                }));
            }
            go.countDown();
            List<InferenceResponse> answers = new ArrayList<>();
            for (Future<InferenceResponse> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            callers.shutdownNow();
        }
    }

    private long runsOf16() {
        return gateway.registry().batchStatistics(BATCHED).stream().flatMap(s -> s.sizes().stream())
                .filter(s -> s.batchSize() == 16).mapToLong(BatchStatistics.BatchSize::executions).sum();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return (List<T>) value;
    }

    private static Map<String, Object> first(Object list) {
        return map(list(list).get(0));
    }

    private static long count(Object duration) {
        return number(map(duration).get("count"));
    }

    /** A JSON number as the test's reader gives it ({@link Json.Number}). */
    private static long number(Object value) {
        return value instanceof Json.Number n ? n.toLong() : ((Number) value).longValue();
    }
}
