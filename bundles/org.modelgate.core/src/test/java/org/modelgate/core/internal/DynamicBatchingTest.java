package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.BatchStatistics;
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.Tensor;

/**
 * Feature: dynamic batching (model.json {@code "batching"}). Concurrent requests to a version that batches run
 * together, each caller gets exactly its rows, a failing run fails each of its requests, and a version switch or an
 * unload while requests wait in the queue loses none of them.
 *
 * <p>Batches are made deterministic without timing: with {@code preferred_sizes [n]} and a long queue delay, a run
 * starts exactly when n rows are queued.
 */
class DynamicBatchingTest {
    private static final long LONG_DELAY_US = 10_000_000;

    @TempDir
    Path repository;
    private final AffineBackend backend = new AffineBackend();
    private final ExecutorService callers = Executors.newFixedThreadPool(16);
    private RegistryHarness gateway;

    @AfterEach
    void stop() {
        callers.shutdownNow();
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void concurrentCallersShareOneRunAndEachGetsItsOwnRows() throws Exception {
        givenBatchedModel("scaler", "1.0.0", 3f, "{\"max_batch\": 8, \"preferred_sizes\": [8], \"max_queue_delay_us\": "
                + LONG_DELAY_US + "}", "");
        whenTheGatewayStarts("scaler");

        List<CompletableFuture<InferenceResponse>> answers = whenCallersSendOneRowEach("scaler", 8);

        for (int i = 0; i < answers.size(); i++) {
            InferenceResponse answer = answers.get(i).get(30, TimeUnit.SECONDS);
            assertThat(answer.version()).isEqualTo("1.0.0");
            assertThat(answer.output("y").shape()).containsExactly(1, 2);
            assertThat(answer.output("y").toFloatArray()).as("caller %d's own row", i).containsExactly(3f * i, 3f * (i + 0.5f));
        }
        thenBatchesRan("scaler", 8, 1);
        assertThat(stats("scaler").queuedRequests()).isEqualTo(8);
    }

    @Test
    void aRequestWithItsOwnBatchCountsItsRows() throws Exception {
        givenBatchedModel("scaler", "1.0.0", 2f, "{\"max_batch\": 8, \"preferred_sizes\": [8], \"max_queue_delay_us\": "
                + LONG_DELAY_US + "}", "");
        whenTheGatewayStarts("scaler");

        CompletableFuture<InferenceResponse> three = call("scaler", 3, 1f);
        CompletableFuture<InferenceResponse> otherThree = call("scaler", 3, 10f);
        CompletableFuture<InferenceResponse> two = call("scaler", 2, 100f);

        assertThat(three.get(30, TimeUnit.SECONDS).output("y").toFloatArray()).containsExactly(2, 4, 6, 8, 10, 12);
        assertThat(otherThree.get(30, TimeUnit.SECONDS).output("y").toFloatArray()).containsExactly(20, 22, 24, 26, 28, 30);
        assertThat(two.get(30, TimeUnit.SECONDS).output("y").shape()).containsExactly(2, 2);
        assertThat(two.get(30, TimeUnit.SECONDS).output("y").toFloatArray()).containsExactly(200, 202, 204, 206);
        thenBatchesRan("scaler", 8, 1);
    }

    @Test
    void requestsWhoseOtherDimensionsDifferAreNotMixed() throws Exception {
        givenBatchedModel("wide", "1.0.0", 2f, "{\"max_batch\": 8, \"preferred_sizes\": [3], \"max_queue_delay_us\": "
                + LONG_DELAY_US + "}", "\"" + AffineBackend.FREE_COLUMNS + "\": \"true\"");
        whenTheGatewayStarts("wide");

        List<CompletableFuture<InferenceResponse>> narrow = new ArrayList<>();
        List<CompletableFuture<InferenceResponse>> wide = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            float base = i;
            narrow.add(CompletableFuture.supplyAsync(() -> gateway.registry.infer("wide",
                    InferenceRequest.of(Tensor.ofFloats("x", new long[] { 1, 2 }, base, base))), callers));
            wide.add(CompletableFuture.supplyAsync(() -> gateway.registry.infer("wide",
                    InferenceRequest.of(Tensor.ofFloats("x", new long[] { 1, 3 }, base, base, base))), callers));
        }

        for (int i = 0; i < 3; i++) {
            assertThat(narrow.get(i).get(30, TimeUnit.SECONDS).output("y").toFloatArray()).containsExactly(2f * i, 2f * i);
            assertThat(wide.get(i).get(30, TimeUnit.SECONDS).output("y").toFloatArray()).containsExactly(2f * i, 2f * i, 2f * i);
        }
        thenBatchesRan("wide", 3, 2);
    }

    @Test
    void aFailingRunFailsEachOfItsRequestsWithTheReason() throws Exception {
        givenBatchedModel("scaler", "1.0.0", 2f, "{\"max_batch\": 4, \"preferred_sizes\": [4], \"max_queue_delay_us\": "
                + LONG_DELAY_US + "}", "\"" + AffineBackend.FAIL_ON + "\": \"13\"");
        whenTheGatewayStarts("scaler");

        List<CompletableFuture<InferenceResponse>> batch = new ArrayList<>();
        for (float first : new float[] { 1f, 2f, 13f, 4f }) {
            batch.add(call("scaler", 1, first));
        }

        for (CompletableFuture<InferenceResponse> answer : batch) {
            assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(InferenceFailedException.class)
                    .hasMessageContaining("model 'scaler' 1.0.0 failed on affine running a batch of 4 requests (4 rows)")
                    .hasMessageContaining("x holds 13.0");
        }
        List<CompletableFuture<InferenceResponse>> next = whenCallersSendOneRowEach("scaler", 4);
        assertThat(next.get(1).get(30, TimeUnit.SECONDS).output("y").toFloatArray()).as("the batcher goes on")
                .containsExactly(2f, 3f);
    }

    @Test
    void aRequestOverMaxBatchIsRefusedWithTheLimit() {
        givenBatchedModel("scaler", "1.0.0", 2f, "{\"max_batch\": 4, \"max_queue_delay_us\": 100}", "");
        whenTheGatewayStarts("scaler");

        assertThatThrownBy(() -> gateway.infer("scaler", new float[10])).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("runs at most 4 rows at once (model.json batching.max_batch); this request has 5");
        assertThat(gateway.infer("scaler", new float[8]).output("y").shape()).as("max_batch itself passes")
                .containsExactly(4, 2);
    }

    @Test
    void aModelWithAFixedFirstDimensionIsRefusedWithTheReason() {
        givenBatchedModel("fixed", "1.0.0", 2f, "{\"max_batch\": 4}", "\"" + AffineBackend.FIXED_ROWS + "\": \"1\"");
        whenTheGatewayStarts("fixed");

        ModelInfo info = gateway.registry.model("fixed").orElseThrow();
        assertThat(info.state()).isEqualTo(ModelState.FAILED);
        assertThat(info.reason()).contains("model 'fixed' 1.0.0 cannot batch (model.json \"batching\"): input 'x' is "
                + "FP32[1,2], its first dimension is not free");
    }

    @Test
    void aDeclaredFixedFirstDimensionIsRefusedBeforeLoading() throws Exception {
        Path folder = new ModelRepositoryFixture(repository).model("declared", "1.0.0", "{\"name\": \"declared\", "
                + "\"version\": \"1.0.0\", \"format\": \"affine\", \"file\": \"model.bin\", \"batching\": {\"max_batch\": 4}, "
                + "\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 2]}]}", "model.bin", "scale=2");

        assertThatThrownBy(() -> ModelDescriptor.read(folder)).isInstanceOf(ModelDescriptor.InvalidDescriptorException.class)
                .hasMessageContaining("input 'x' is FP32[1,2], its first dimension is not free");
    }

    @Test
    void settingsThatMakeNoSenseAreRefusedNamingTheSetting() {
        assertRefused("{\"preferred_sizes\": [4]}", "batching\".max_batch is missing");
        assertRefused("{\"max_batch\": 8, \"preferred_sizes\": [4, 16]}", "preferred_sizes must be a whole number from 1 to 8, got 16");
        assertRefused("{\"max_batch\": 8, \"preferred_sizes\": [4, 2]}", "must be ascending");
        assertRefused("{\"max_batch\": 0}", "max_batch must be a whole number from 1 to 1024, got 0");
        assertRefused("{\"max_batch\": 8, \"max_queue_delay\": 5}", "unknown setting \"max_queue_delay\"");
        assertRefused("{\"max_batch\": 8, \"max_queue_delay_us\": -1}", "max_queue_delay_us must be a whole number");
    }

    @Test
    void aVersionSwitchWhileRequestsAreQueuedLosesNone() throws Exception {
        givenBatchedModel("scaler", "1.0.0", 2f, "{\"max_batch\": 8, \"preferred_sizes\": [8], \"max_queue_delay_us\": "
                + "2000000}", "");
        givenBatchedModel("scaler", "1.1.0", 3f, "{\"max_batch\": 8, \"max_queue_delay_us\": 100}", "");
        Files.writeString(repository.resolve("scaler/active"), "1.0.0\n");
        whenTheGatewayStarts("scaler");
        AffineBackend.Model v100 = backend.loaded.get(backend.loaded.size() - 1);

        List<CompletableFuture<InferenceResponse>> queued = whenCallersSendOneRowEach("scaler", 3);
        Gateway.await(() -> gateway.registry.requestsInFlight("scaler") == 3);
        gateway.registry.activate("scaler", "1.1.0");
        assertThat(gateway.infer("scaler", 1f, 1f).output("y").toFloatArray()).as("new requests meet 1.1.0")
                .containsExactly(3f, 3f);

        for (int i = 0; i < queued.size(); i++) {
            InferenceResponse answer = queued.get(i).get(30, TimeUnit.SECONDS);
            assertThat(answer.version()).as("queued on 1.0.0, answered by it").isEqualTo("1.0.0");
            assertThat(answer.output("y").toFloatArray()).containsExactly(2f * i, 2f * (i + 0.5f));
        }
        Gateway.await(v100.closed::get);
    }

    @Test
    void anUnloadWhileRequestsAreQueuedLosesNone() throws Exception {
        givenBatchedModel("scaler", "1.0.0", 2f, "{\"max_batch\": 8, \"preferred_sizes\": [8], \"max_queue_delay_us\": "
                + "2000000}", "");
        whenTheGatewayStarts("scaler");
        AffineBackend.Model loaded = backend.loaded.get(backend.loaded.size() - 1);

        List<CompletableFuture<InferenceResponse>> queued = whenCallersSendOneRowEach("scaler", 3);
        Gateway.await(() -> gateway.registry.requestsInFlight("scaler") == 3);
        gateway.registry.unload("scaler");

        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get(30, TimeUnit.SECONDS).output("y").toFloatArray()).containsExactly(2f * i,
                    2f * (i + 0.5f));
        }
        Gateway.await(loaded.closed::get);
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
                .as("the batcher's thread ends with its version").noneMatch(n -> n.equals("modelgate-batcher-scaler-1.0.0"));
    }

    @Test
    void aChallengerBatchesItsOwnRequestsBesideTheChampion() throws Exception {
        givenBatchedModel("scaler", "1.0.0", 2f, "{\"max_batch\": 8, \"max_queue_delay_us\": 1000}", "");
        givenBatchedModel("scaler", "1.1.0", 3f, "{\"max_batch\": 8, \"max_queue_delay_us\": 1000}", "");
        Files.writeString(repository.resolve("scaler/active"), "1.0.0\n");
        whenTheGatewayStarts("scaler");
        gateway.registry.startChallenger("scaler", "1.1.0", new org.modelgate.api.TrafficSplit(false, 50, false));

        List<CompletableFuture<InferenceResponse>> answers = whenCallersSendOneRowEach("scaler", 16);

        for (int i = 0; i < answers.size(); i++) {
            InferenceResponse answer = answers.get(i).get(30, TimeUnit.SECONDS);
            float scale = answer.version().equals("1.0.0") ? 2f : 3f;
            assertThat(answer.output("y").toFloatArray()).as("caller %d's row, scaled by %s", i, answer.version())
                    .containsExactly(scale * i, scale * (i + 0.5f));
        }
        List<BatchStatistics> stats = gateway.registry.batchStatistics("scaler");
        assertThat(stats).extracting(BatchStatistics::version).containsExactly("1.0.0", "1.1.0");
        assertThat(stats.stream().mapToLong(BatchStatistics::queuedRequests).sum()).as("every request queued on its version")
                .isEqualTo(16);
    }

    private void assertRefused(String batching, String message) {
        Path folder = new ModelRepositoryFixture(repository).model("bad", "1.0.0", "{\"name\": \"bad\", \"version\": "
                + "\"1.0.0\", \"format\": \"affine\", \"file\": \"model.bin\", \"batching\": " + batching + "}",
                "model.bin", "scale=2");
        assertThatThrownBy(() -> ModelDescriptor.read(folder)).as(batching)
                .isInstanceOf(ModelDescriptor.InvalidDescriptorException.class).hasMessageContaining(message);
    }

    private void givenBatchedModel(String name, String version, float scale, String batching, String options) {
        new ModelRepositoryFixture(repository).model(name, version, "{\"name\": \"" + name + "\", \"version\": \""
                + version + "\", \"format\": \"affine\", \"file\": \"model.bin\", \"batching\": " + batching
                + ", \"options\": {" + options + "}}", "model.bin", "scale=" + scale);
    }

    private void whenTheGatewayStarts(String model) {
        gateway = new RegistryHarness();
        gateway.bind(backend);
        gateway.start(repository, true);
        gateway.awaitModel(model, m -> m.state() != ModelState.LOADING);
    }

    /** Caller i sends the row [i, i + 0.5]. */
    private List<CompletableFuture<InferenceResponse>> whenCallersSendOneRowEach(String model, int n) {
        List<CompletableFuture<InferenceResponse>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float first = i;
            answers.add(CompletableFuture.supplyAsync(() -> gateway.infer(model, first, first + 0.5f), callers));
        }
        return answers;
    }

    /** A request of {@code rows} rows counting up from {@code first}. */
    private CompletableFuture<InferenceResponse> call(String model, int rows, float first) {
        float[] x = new float[rows * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = first + i;
        }
        return CompletableFuture.supplyAsync(() -> gateway.infer(model, x), callers);
    }

    private BatchStatistics stats(String model) {
        List<BatchStatistics> stats = gateway.registry.batchStatistics(model);
        assertThat(stats).hasSize(1);
        return stats.get(0);
    }

    private void thenBatchesRan(String model, int size, long runs) {
        BatchStatistics stats = stats(model);
        assertThat(stats.sizes()).as("runs per batch size").containsExactly(new BatchStatistics.BatchSize(size, runs,
                stats.sizes().get(0).computeNanos()));
        assertThat(stats.rows()).isEqualTo(size * runs);
    }

    /** Awaits a condition without a timing assertion: generous, for a shared machine. */
    private static final class Gateway {
        static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition not met within 30 s");
                }
                Thread.sleep(5);
            }
        }
    }
}
